package actors

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"switchboard/actors/backoff"
	"switchboard/platforms"
)

// outbox is the part of an adapter actor that outlives a restart: replies
// queued per chat, which chats have a send in flight, and who waits for the
// queue to empty. Only the actor's mailbox goroutine touches its maps.
type outbox struct {
	queues  map[string][]*platforms.Outbound
	busy    map[string]bool
	typing  map[string]context.CancelFunc
	flushes int
	pending int
	sendCtx context.Context
	cancel  context.CancelFunc
	// sending counts send goroutines, so that stopping can wait for them.
	sending sync.WaitGroup
}

func newOutbox() *outbox {
	ctx, cancel := context.WithCancel(context.Background())
	return &outbox{
		queues:  map[string][]*platforms.Outbound{},
		busy:    map[string]bool{},
		typing:  map[string]context.CancelFunc{},
		sendCtx: ctx,
		cancel:  cancel,
	}
}

// enqueue queues a reply behind any other reply to the same chat.
func (a *adapterActor) enqueue(c actor.Context, out *platforms.Outbound) {
	if a.refused {
		a.log.Error().Str("chat_id", out.Source.ChatID).
			Msg("reply dropped: this profile may not use its account on this platform (see status)")
		return
	}
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
	if out.Partial && newerPart(out, q[1:]) {
		// A newer text of this reply is queued: this one is already stale.
		a.pending--
		a.sendNext(c, chat)
		return
	}
	a.busy[chat] = true
	self, root, ctx := c.Self(), c.ActorSystem().Root, a.sendCtx
	a.sending.Add(1)
	a.stopTyping(chat)
	go func() {
		defer a.sending.Done()
		start := time.Now()
		err := guard("send", func() error { return a.adapter.Send(ctx, *out) })
		a.measure(out, start, err)
		a.ack(out, err)
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

// stopSends cancels sends still running and waits for them; the actor is
// stopping for good.
func (a *adapterActor) stopSends() {
	a.cancel()
	a.sending.Wait()
}

// measure records a finished send; a confirmation-only Outbound is not a
// reply and is not counted.
func (a *adapterActor) measure(out *platforms.Outbound, start time.Time, err error) {
	if out.Text == "" || out.Partial {
		return
	}
	platform := a.adapter.Platform()
	if err != nil {
		a.metrics.Errors.WithLabelValues(a.profile, platform, "send_failed").Inc()
		return
	}
	a.metrics.Out.WithLabelValues(a.profile, platform).Inc()
	a.metrics.SendSeconds.WithLabelValues(a.profile, platform).Observe(time.Since(start).Seconds())
}

// ack confirms the answered message as handled once its reply is sent or
// has failed for good. A send cut short by shutdown is not confirmed, so
// the message is handled again at the next start.
func (a *adapterActor) ack(out *platforms.Outbound, err error) {
	acker, ok := a.adapter.(platforms.Acker)
	if !ok || out.Receipt == "" || errors.Is(err, context.Canceled) {
		return
	}
	acker.Ack(out.Receipt)
}

// typingEvery is how often the typing indicator is renewed; Telegram shows
// it for about five seconds.
const typingEvery = 4 * time.Second

// typingLimit stops an indicator whose reply never comes.
const typingLimit = 2 * time.Minute

// startTyping shows the typing indicator in a chat until a reply to that
// chat is queued.
func (a *adapterActor) startTyping(t *platforms.Typing) {
	typer, ok := a.adapter.(platforms.Typer)
	if !ok {
		return
	}
	chat := t.Source.ChatID + "/" + t.Source.ThreadID
	if a.typing[chat] != nil {
		return
	}
	ctx, cancel := context.WithTimeout(a.sendCtx, typingLimit)
	a.typing[chat] = cancel
	a.sending.Add(1)
	go func() {
		defer a.sending.Done()
		for {
			if err := typer.Typing(ctx, t.Source); err != nil && ctx.Err() == nil {
				a.log.Debug().Err(err).Msg("typing indicator not shown")
			}
			if backoff.Sleep(ctx, typingEvery) != nil {
				return
			}
		}
	}()
}

func (a *adapterActor) stopTyping(chat string) {
	if cancel := a.typing[chat]; cancel != nil {
		cancel()
		delete(a.typing, chat)
	}
}

// newerPart reports whether queued holds a later text of out's stream.
func newerPart(out *platforms.Outbound, queued []*platforms.Outbound) bool {
	for _, o := range queued {
		if o.StreamID == out.StreamID {
			return true
		}
	}
	return false
}
