package actors

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"switchboard/platforms"
)

// stopWait bounds how long an adapter actor waits, while stopping or
// restarting, for its intake goroutine to return after being cancelled.
// Intake honours cancellation at once; the bound only guards against a
// misbehaving adapter wedging its profile.
const stopWait = 5 * time.Second

// outbox is the part of an adapter actor that outlives a restart: replies
// queued per chat, which chats have a send in flight, and who waits for the
// queue to empty. Only the actor's mailbox goroutine touches it.
type outbox struct {
	queues  map[string][]*platforms.Outbound
	busy    map[string]bool
	flushes int
	sendCtx context.Context
	cancel  context.CancelFunc
	pending int
	// sending counts send goroutines, so that stopping can wait for them.
	sending sync.WaitGroup
}

func newOutbox() *outbox {
	ctx, cancel := context.WithCancel(context.Background())
	return &outbox{
		queues:  map[string][]*platforms.Outbound{},
		busy:    map[string]bool{},
		sendCtx: ctx,
		cancel:  cancel,
	}
}

// adapterActor runs one platforms.Adapter: intake in a goroutine whose
// messages go straight to the profile, and replies sent one at a time per
// chat. A transient intake failure makes the actor fail so that its
// profile restarts it after a backoff; a permanent one parks it.
type adapterActor struct {
	*outbox
	adapter platforms.Adapter
	profile string
	log     zerolog.Logger

	cancelIntake context.CancelFunc
	intakeDone   chan struct{}
	stopWanted   bool
	parked       bool
}

func adapterProps(a platforms.Adapter, profile string, log zerolog.Logger) *actor.Props {
	box := newOutbox()
	log = log.With().Str("platform", a.Platform()).Logger()
	return actor.PropsFromProducer(func() actor.Actor {
		return &adapterActor{outbox: box, adapter: a, profile: profile, log: log}
	}, actor.WithReceiverMiddleware(logPanics(log)))
}

func (a *adapterActor) Receive(c actor.Context) {
	switch m := c.Message().(type) {
	case *actor.Started:
		a.startIntake(c)
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
	case sendDone:
		a.sent(c, m)
	case flush:
		a.flushes++
		a.checkFlushed(c)
	case *actor.Restarting:
		a.endIntake()
	case *actor.Stopping:
		a.endIntake()
		a.cancel()
		a.sending.Wait()
		if cl, ok := a.adapter.(interface{ Close() }); ok {
			cl.Close()
		}
	}
}

// startIntake runs the adapter's intake in a goroutine. Each inbound
// message is stamped with this profile (unless a route already stamped
// one) and sent straight to the profile actor.
func (a *adapterActor) startIntake(c actor.Context) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	a.cancelIntake, a.intakeDone = cancel, done
	self, parent, root := c.Self(), c.Parent(), c.ActorSystem().Root
	deliver := func(in platforms.Inbound) {
		in.Source.StampProfile(a.profile)
		root.Send(parent, &in)
	}
	go func() {
		defer close(done)
		err := guard("intake", func() error { return a.adapter.Run(ctx, deliver) })
		root.Send(self, &runEnded{err: err})
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

func (a *adapterActor) intakeEnded(c actor.Context, err error) {
	a.intakeDone = nil
	switch {
	case a.stopWanted:
		c.Send(c.Parent(), intakeStopped{platform: a.adapter.Platform()})
	case err == nil:
		a.log.Warn().Msg("intake ended without being asked to; restarting it")
		panic(errors.New("adapter intake ended on its own"))
	case errors.Is(err, platforms.ErrPermanent):
		a.parked = true
		a.log.Error().Err(err).Msg("adapter stopped for good; fix the cause and restart the gateway")
		c.Send(c.Parent(), &adapterFatal{platform: a.adapter.Platform(), err: err})
	default:
		a.log.Warn().Err(err).Msg("adapter failed; it will be restarted")
		panic(err)
	}
}

// enqueue queues a reply behind any other reply to the same chat.
func (a *adapterActor) enqueue(c actor.Context, out *platforms.Outbound) {
	chat := out.Source.ChatID + "/" + out.Source.ThreadID
	a.queues[chat] = append(a.queues[chat], out)
	a.pending++
	if !a.busy[chat] {
		a.sendNext(c, chat)
	}
}

// sendNext starts sending the oldest queued reply for chat, if any.
func (a *adapterActor) sendNext(c actor.Context, chat string) {
	q := a.queues[chat]
	if len(q) == 0 {
		delete(a.queues, chat)
		delete(a.busy, chat)
		return
	}
	out := q[0]
	a.queues[chat] = q[1:]
	a.busy[chat] = true
	self, root, ctx := c.Self(), c.ActorSystem().Root, a.sendCtx
	a.sending.Add(1)
	go func() {
		defer a.sending.Done()
		err := guard("send", func() error { return a.adapter.Send(ctx, *out) })
		root.Send(self, sendDone{chat: chat, err: err})
	}()
}

func (a *adapterActor) sent(c actor.Context, m sendDone) {
	a.pending--
	if m.err != nil {
		a.log.Error().Err(m.err).Msg("reply not delivered")
	}
	a.sendNext(c, m.chat)
	a.checkFlushed(c)
}

func (a *adapterActor) checkFlushed(c actor.Context) {
	if a.flushes == 0 || a.pending > 0 {
		return
	}
	for ; a.flushes > 0; a.flushes-- {
		c.Send(c.Parent(), flushed{platform: a.adapter.Platform()})
	}
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
