package actors

import (
	"context"
	"sync"

	"github.com/asynkron/protoactor-go/actor"

	"switchboard/platforms"
)

// outbox is the part of an adapter actor that outlives a restart: replies
// queued per chat, which chats have a send in flight, and who waits for the
// queue to empty. Only the actor's mailbox goroutine touches its maps.
type outbox struct {
	queues  map[string][]*platforms.Outbound
	busy    map[string]bool
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
		sendCtx: ctx,
		cancel:  cancel,
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

// stopSends cancels sends still running and waits for them; the actor is
// stopping for good.
func (a *adapterActor) stopSends() {
	a.cancel()
	a.sending.Wait()
}
