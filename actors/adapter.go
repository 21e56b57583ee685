package actors

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"switchboard/actors/metrics"
	"switchboard/actors/registry"
	"switchboard/actors/state"
	"switchboard/platforms"
)

// stopWait bounds how long an adapter actor waits, while stopping or
// restarting, for its intake goroutine to return after being cancelled.
// Intake honours cancellation at once; the bound only guards against a
// misbehaving adapter wedging its profile.
const stopWait = 5 * time.Second

// progressEvery limits how often a connected adapter reports its last
// progress time to the state file.
const progressEvery = 5 * time.Second

// adapterEnv is what an adapter actor needs from the tree around it.
type adapterEnv struct {
	profile  string
	registry *actor.PID // claims credentials; nil skips claiming
	status   *actor.PID // receives platformStatus; nil drops them
	metrics  *metrics.Metrics
	log      zerolog.Logger
}

// adapterActor runs one platforms.Adapter. It claims the adapter's
// credential from the registry before connecting; runs intake in a
// goroutine whose messages go straight to the profile; and sends replies
// one at a time per chat. A transient intake failure makes the actor fail
// so that its profile restarts it after a backoff; a permanent one, or a
// credential held by another profile, parks it.
type adapterActor struct {
	*outbox
	adapterEnv
	adapter platforms.Adapter

	granted bool
	// refused is set once the adapter may not use its account: its
	// credential is held by another profile, or the platform rejected it.
	// Replies for it are dropped, never sent through the account.
	refused      bool
	cancelIntake context.CancelFunc
	intakeDone   chan struct{}
	stopWanted   bool
	connected    bool
	progressed   bool
	lastReport   time.Time
}

func adapterProps(a platforms.Adapter, env adapterEnv) *actor.Props {
	box := newOutbox()
	env.log = env.log.With().Str("platform", a.Platform()).Logger()
	return actor.PropsFromProducer(func() actor.Actor {
		return &adapterActor{outbox: box, adapterEnv: env, adapter: a}
	}, actor.WithReceiverMiddleware(logPanics(env.log)))
}

func (a *adapterActor) Receive(c actor.Context) {
	switch m := c.Message().(type) {
	case *actor.Started:
		a.claim(c)
	case *registry.Granted:
		a.granted = true
		c.Send(c.Parent(), claimed{})
		a.startIntake(c)
	case *registry.Denied:
		a.denied(c, m)
	case progressed:
		a.progress(c)
	case connectedNow:
		a.markConnected(c)
	case *runEnded:
		a.intakeEnded(c, m.err)
	case stopIntake:
		a.stopWanted = true
		if a.intakeDone == nil {
			c.Send(c.Parent(), intakeStopped{platform: a.adapter.Platform()})
			return
		}
		a.cancelIntake()
	case *platforms.Outbound:
		a.enqueue(c, m)
	case *platforms.Typing:
		a.startTyping(m)
	case sendDone:
		a.sent(c, m)
	case flush:
		a.flushes++
		a.checkFlushed(c)
	case *actor.Restarting:
		a.endIntake()
	case *actor.Stopping:
		a.endIntake()
		a.stopSends()
		a.release(c)
		if cl, ok := a.adapter.(interface{ Close() }); ok {
			cl.Close()
		}
	}
}

// claim asks the registry for the adapter's credential; the answer comes
// back as Granted or Denied. An adapter without a credential starts at once.
func (a *adapterActor) claim(c actor.Context) {
	a.report(c, state.Connecting, "", "")
	cred, ok := a.adapter.(platforms.Credentialed)
	if !ok || a.registry == nil {
		c.Send(c.Parent(), claimed{})
		a.startIntake(c)
		return
	}
	c.Request(a.registry, &registry.Claim{
		Platform: a.adapter.Platform(), Fingerprint: cred.Fingerprint(), Profile: a.profile,
	})
}

func (a *adapterActor) denied(c actor.Context, m *registry.Denied) {
	msg := fmt.Sprintf("profile %q cannot use this %s credential (fingerprint %s): profile %q already uses it, "+
		"and one credential may be used by one profile only; give profile %q a credential of its own or "+
		"disable %s in its config.yaml", a.profile, m.Platform, m.Fingerprint, m.Holder, a.profile, m.Platform)
	a.refused = true
	a.log.Error().Str("holder", m.Holder).Str("fingerprint", m.Fingerprint).Msg(msg)
	a.report(c, state.Fatal, "duplicate_credential", msg)
	c.Send(c.Parent(), claimed{})
}

// release gives the credential back to the registry; the adapter is
// stopping for good.
func (a *adapterActor) release(c actor.Context) {
	cred, ok := a.adapter.(platforms.Credentialed)
	if !ok || !a.granted || a.registry == nil {
		return
	}
	c.Send(a.registry, &registry.Release{
		Platform: a.adapter.Platform(), Fingerprint: cred.Fingerprint(), Profile: a.profile,
	})
	a.granted = false
}

// intake is what the intake goroutine hands messages and progress to.
type intake struct {
	root         *actor.RootContext
	self, parent *actor.PID
	profile      string
}

func (i intake) Deliver(in platforms.Inbound) {
	in.Source.StampProfile(i.profile)
	i.root.Send(i.parent, &in)
}

func (i intake) Progress() { i.root.Send(i.self, progressed{}) }

func (i intake) Connected() { i.root.Send(i.self, connectedNow{}) }

func (i intake) Cancel(src platforms.Source, receipt string) {
	src.StampProfile(i.profile)
	i.root.Send(i.parent, &platforms.Cancel{Source: src, Receipt: receipt})
}

// startIntake runs the adapter's intake in a goroutine.
func (a *adapterActor) startIntake(c actor.Context) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	a.cancelIntake, a.intakeDone = cancel, done
	in := intake{root: c.ActorSystem().Root, self: c.Self(), parent: c.Parent(), profile: a.profile}
	go func() {
		defer close(done)
		err := guard("intake", func() error { return a.adapter.Run(ctx, in) })
		in.root.Send(in.self, &runEnded{err: err})
	}()
}

// endIntake cancels the intake goroutine and waits for it to return, so
// that a restart never overlaps the old intake with the new one.
func (a *adapterActor) endIntake() {
	if a.intakeDone == nil {
		return
	}
	a.cancelIntake()
	select {
	case <-a.intakeDone:
	case <-time.After(stopWait):
		a.log.Error().Msg("intake did not stop in time; it may still hold its connection")
	}
	a.intakeDone = nil
}

// progress marks the adapter connected, resets its restart backoff, and
// now and then records the time in the state file.
func (a *adapterActor) progress(c actor.Context) {
	now := time.Now()
	if !a.progressed {
		a.progressed = true
		c.Send(c.Parent(), progressed{pid: c.Self()})
		a.markConnected(c)
	} else if now.Sub(a.lastReport) < progressEvery {
		return
	}
	a.lastReport = now
	a.reportProgress(c, now)
}

// markConnected shows the adapter as connected, once per start.
func (a *adapterActor) markConnected(c actor.Context) {
	if a.connected {
		return
	}
	a.connected = true
	a.log.Info().Msg("connected")
	a.report(c, state.Connected, "", "")
}

func (a *adapterActor) intakeEnded(c actor.Context, err error) {
	a.intakeDone = nil
	switch {
	case a.stopWanted:
		c.Send(c.Parent(), intakeStopped{platform: a.adapter.Platform()})
	case err == nil:
		err = errors.New("intake ended without being asked to")
		fallthrough
	case !errors.Is(err, platforms.ErrPermanent):
		a.count(err)
		a.metrics.Restarts.WithLabelValues(a.profile, a.adapter.Platform()).Inc()
		a.log.Warn().Err(err).Msg("adapter failed; it will be restarted after a backoff")
		a.report(c, state.Retrying, platforms.FailureCode(err), err.Error())
		panic(restartRequest{err})
	default:
		a.refused = true
		a.count(err)
		a.log.Error().Err(err).Msg("adapter stopped for good; fix the cause and restart the gateway")
		a.report(c, state.Fatal, platforms.FailureCode(err), err.Error())
	}
}

// count records an adapter failure by its code.
func (a *adapterActor) count(err error) {
	a.metrics.Errors.WithLabelValues(a.profile, a.adapter.Platform(), platforms.FailureCode(err)).Inc()
}

// report sends this adapter's state to the gateway's state file.
func (a *adapterActor) report(c actor.Context, st, code, msg string) {
	if a.status == nil {
		return
	}
	s := &platformStatus{key: a.profile + ":" + a.adapter.Platform(), state: st, code: code, message: msg}
	if cred, ok := a.adapter.(platforms.Credentialed); ok {
		s.account, s.fingerprint = cred.AccountID(), cred.Fingerprint()
	}
	c.Send(a.status, s)
}

func (a *adapterActor) reportProgress(c actor.Context, at time.Time) {
	if a.status == nil {
		return
	}
	c.Send(a.status, &platformStatus{key: a.profile + ":" + a.adapter.Platform(), state: state.Connected, progressAt: at})
}

// guard runs f, turning a panic into an error so that a faulty adapter
// fails its own actor, never the process.
func guard(what string, f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s panicked: %v\n%s", what, p, debug.Stack())
		}
	}()
	return f()
}

// restartRequest is the panic an adapter actor raises on purpose to have its
// profile restart it after a transient failure. It is already logged, so
// logPanics lets it pass without a stack trace.
type restartRequest struct{ err error }

func (r restartRequest) Error() string { return r.err.Error() }
func (r restartRequest) Unwrap() error { return r.err }
