package platforms

import (
	"context"
	"errors"
	"strings"
)

// Adapter connects one profile's account on one chat platform. The gateway
// wraps each Adapter in a supervised actor: Run is the intake, started in a
// goroutine of its own, and Send is called for each reply, at most one call
// at a time per chat so that replies keep their order.
type Adapter interface {
	// Platform names the platform, as used in config keys and session keys.
	Platform() string
	// Run takes messages from the platform until ctx ends and hands each to
	// deliver, in the order received. It returns nil once ctx has ended and
	// an error otherwise; an error wrapping ErrPermanent means retrying
	// cannot help.
	Run(ctx context.Context, deliver func(Inbound)) error
	// Send delivers one reply. It must return promptly once ctx ends.
	Send(ctx context.Context, out Outbound) error
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
