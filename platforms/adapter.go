package platforms

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Adapter connects one profile's account on one chat platform. The gateway
// wraps each Adapter in a supervised actor: Run is the intake, started in a
// goroutine of its own, and Send is called for each reply, at most one call
// at a time per chat so that replies keep their order.
type Adapter interface {
	// Platform names the platform, as used in config keys and session keys.
	Platform() string
	// Run takes messages from the platform until ctx ends and hands each to
	// in, in the order received. It returns nil once ctx has ended and an
	// error otherwise; an error wrapping ErrPermanent means retrying cannot
	// help, and a *Failure gives the status code to show.
	Run(ctx context.Context, in Intake) error
	// Send delivers one reply. It must return promptly once ctx ends.
	Send(ctx context.Context, out Outbound) error
}

// Intake is where an adapter's Run hands what it receives.
type Intake interface {
	// Deliver hands over one inbound message.
	Deliver(Inbound)
	// Connected reports that the platform accepted the credentials and
	// intake has begun (a first long poll is in flight); the adapter shows
	// as connected. It does not reset the restart backoff.
	Connected()
	// Progress reports that the platform answered successfully (a poll
	// returned), which resets the restart backoff and shows the adapter as
	// connected.
	Progress()
	// Cancel withdraws a delivered message whose sender stopped waiting.
	Cancel(src Source, receipt string)
}

// ErrPermanent marks a failure that a restart cannot mend, such as a
// revoked token. An adapter that fails with it is parked, not restarted.
var ErrPermanent = errors.New("permanent failure")

// Access decides who may talk to a profile's bot on one platform. The zero
// value denies everyone: a bot answers strangers only when told to.
type Access struct {
	// AllowAll admits every user.
	AllowAll bool
	// Users lists admitted user ids and user names (without "@").
	Users []string
}

// Allows reports whether the sender of a message from src is admitted.
func (a Access) Allows(src Source) bool {
	if a.AllowAll {
		return true
	}
	for _, u := range a.Users {
		u = strings.TrimPrefix(u, "@")
		if u == "" {
			continue
		}
		if u == src.UserID || (src.UserName != "" && strings.EqualFold(u, src.UserName)) {
			return true
		}
	}
	return false
}

// Credentialed is an adapter that holds a credential only one adapter may
// use at a time (a bot token). The gateway claims the fingerprint from the
// registry before the adapter connects.
type Credentialed interface {
	// Fingerprint identifies the credential without revealing it.
	Fingerprint() string
	// AccountID is a public id of the account (a Telegram bot id), safe to
	// log and show in status.
	AccountID() string
}

// Failure is an adapter failure with a stable code for status output
// (unauthorized, conflict, rate_limited, network, server_error, ...).
type Failure struct {
	Code string
	// Permanent means retrying cannot help; the adapter is parked.
	Permanent bool
	// RetryAfter is the least wait before a retry the platform asked for
	// (Telegram's retry_after); zero when it named none.
	RetryAfter time.Duration
	Err        error
}

func (f *Failure) Error() string { return f.Err.Error() }
func (f *Failure) Unwrap() error { return f.Err }

// Is makes errors.Is(f, ErrPermanent) hold for a permanent failure.
func (f *Failure) Is(target error) bool { return f.Permanent && target == ErrPermanent }

// FailureCode returns the status code of an adapter error: the Code of a
// *Failure in its chain, else "permanent" or "transient".
func FailureCode(err error) string {
	var f *Failure
	if errors.As(err, &f) && f.Code != "" {
		return f.Code
	}
	if errors.Is(err, ErrPermanent) {
		return "permanent"
	}
	return "transient"
}

// Acker is an adapter that confirms inbound messages as handled, so that a
// durable intake neither loses nor repeats them across a crash. The gateway
// calls Ack with an Inbound's Receipt after the reply to it was sent, or
// given up, or when no reply will come; never for a send cut short by
// shutdown, which leaves the message to be handled again at the next start.
type Acker interface {
	Ack(receipt string)
}

// Typer is an adapter that can show a "typing" indicator.
type Typer interface {
	// Typing shows the indicator in src's chat for a few seconds.
	Typing(ctx context.Context, src Source) error
}
