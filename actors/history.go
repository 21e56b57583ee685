package actors

import (
	"context"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"switchboard/actors/agent"
	"switchboard/actors/store"
	"switchboard/platforms"
)

// historyTimeout bounds one history read or write.
const historyTimeout = 10 * time.Second

// load reads the session's stored conversation off the mailbox; turns wait
// until it has arrived.
func (s *sessionActor) load(c actor.Context) {
	if s.store == nil {
		s.loaded = true
		return
	}
	self, root := c.Self(), c.ActorSystem().Root
	s.inFlight.Add(1)
	go func() {
		defer s.inFlight.Done()
		ctx, cancel := context.WithTimeout(context.Background(), historyTimeout)
		defer cancel()
		stored, err := s.store.Load(ctx, s.key, maxHistory)
		if err != nil {
			s.log.Error().Err(err).Msg("history not loaded; the conversation starts afresh")
		}
		msgs := make([]agent.Message, len(stored))
		for i, m := range stored {
			msgs[i] = agent.Message{Role: m.Role, Content: m.Content}
		}
		root.Send(self, historyLoaded{msgs: msgs})
	}()
}

// save writes a finished exchange; it runs on the turn's goroutine, so a
// session's writes keep their order.
func (s *sessionActor) save(ctx context.Context, user, assistant string) {
	if s.store == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), historyTimeout)
	defer cancel()
	err := s.store.Append(ctx, s.key, store.Message{Role: agent.RoleUser, Content: user},
		store.Message{Role: agent.RoleAssistant, Content: assistant})
	if err != nil {
		s.log.Error().Err(err).Msg("history not saved; this exchange will be missing after a restart")
	}
}

// reset runs /new as a turn of its own: the stored history is cleared off
// the mailbox before the next message is answered.
func (s *sessionActor) reset(c actor.Context, in *platforms.Inbound) {
	s.history = nil
	s.running, s.current = true, in.Receipt
	self, root := c.Self(), c.ActorSystem().Root
	s.inFlight.Add(1)
	go func() {
		defer s.inFlight.Done()
		if s.store != nil {
			ctx, cancel := context.WithTimeout(context.Background(), historyTimeout)
			defer cancel()
			if err := s.store.Clear(ctx, s.key); err != nil {
				s.log.Error().Err(err).Msg("stored history not cleared")
			}
		}
		root.Send(self, &turnDone{in: in, reply: newSessionText, reset: true})
	}()
}
