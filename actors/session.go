package actors

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"switchboard/actors/agent"
	"switchboard/actors/metrics"
	"switchboard/actors/store"
	"switchboard/platforms"
)

// turnFailedText is what a user sees when their turn fails. Details go to
// the log, never to the chat.
const turnFailedText = "Sorry, something went wrong while answering. Please try again."

// newSessionText confirms /new.
const newSessionText = "Started a new conversation."

// sessionActor is one conversation. It runs one agent turn at a time, off
// its mailbox; messages that arrive meanwhile wait in order. Replies go to
// the profile, which hands them to its own adapter for the platform.
type sessionActor struct {
	sessionEnv
	started time.Time // when the running turn began
	// history is the conversation so far, oldest first, which the agent
	// receives with each turn (it sends its configured window of it). With
	// a history store it is loaded at start and written after each turn,
	// so it survives a restart.
	history []agent.Message
	loaded  bool

	queue      []*platforms.Inbound
	running    bool
	current    string // receipt of the running turn
	cancelTurn context.CancelFunc
	inFlight   sync.WaitGroup
	idleWanted int
}

// sessionEnv is what a session needs from its profile.
type sessionEnv struct {
	key, profile string
	agent        agent.Agent
	agentInfo    string // for /status
	turns        slots
	store        store.History   // nil keeps history in memory only
	interrupt    bool            // sessions.busy: interrupt
	streams      map[string]bool // platforms whose replies show while written
	metrics      *metrics.Metrics
	log          zerolog.Logger
}

// maxHistory bounds the messages a session keeps; agents send a smaller
// window of them.
const maxHistory = 200

func sessionProps(env sessionEnv) *actor.Props {
	env.log = env.log.With().Str("session", env.key).Logger()
	return actor.PropsFromProducer(func() actor.Actor {
		return &sessionActor{sessionEnv: env}
	}, actor.WithReceiverMiddleware(logPanics(env.log)))
}

func (s *sessionActor) Receive(c actor.Context) {
	switch m := c.Message().(type) {
	case *actor.Started:
		s.metrics.Sessions.WithLabelValues(s.profile).Inc()
		s.load(c)
	case historyLoaded:
		s.history, s.loaded = m.msgs, true
		s.next(c)
	case *platforms.Inbound:
		if s.command(c, m) {
			return
		}
		if s.interrupt && s.running && s.cancelTurn != nil {
			s.cancelTurn() // busy: interrupt; the cancelled turn sends no reply
		}
		s.queue = append(s.queue, m)
		s.next(c)
	case *turnDone:
		s.finish(c, m)
	case *platforms.Cancel:
		s.cancel(c, m.Receipt)
	case idleCheck:
		s.idleWanted++
		s.checkIdle(c)
	case *actor.Stopped:
		s.metrics.Sessions.WithLabelValues(s.profile).Dec()
	case *actor.Restarting:
		s.metrics.Sessions.WithLabelValues(s.profile).Dec()
		s.endTurn()
	case *actor.Stopping:
		s.endTurn()
	}
}

// endTurn cancels a running turn and waits for its goroutine.
func (s *sessionActor) endTurn() {
	if s.cancelTurn != nil {
		s.cancelTurn()
	}
	s.inFlight.Wait()
}

// next starts the oldest waiting turn unless one is running.
func (s *sessionActor) next(c actor.Context) {
	if s.running || !s.loaded || len(s.queue) == 0 {
		return
	}
	in := s.queue[0]
	s.queue = s.queue[1:]
	if in.Command == "new" {
		s.reset(c, in)
		return
	}
	s.running, s.current, s.started = true, in.Receipt, time.Now()
	c.Send(c.Parent(), &platforms.Typing{Source: in.Source})
	ctx, cancel := context.WithCancel(context.Background())
	s.cancelTurn = cancel
	req := agent.Request{Turn: agent.Turn{Profile: s.profile, SessionKey: s.key, Source: in.Source, Text: in.Text},
		History: s.history}
	streamID := ""
	if s.streams[in.Source.Platform] {
		streamID = platforms.NewID()
		req.OnDelta = partials(c.ActorSystem().Root, c.Parent(),
			platforms.Outbound{Source: in.Source, ReplyTo: in.MessageID, StreamID: streamID, Partial: true})
	}
	self, root, turns := c.Self(), c.ActorSystem().Root, s.sessionEnv.turns
	s.inFlight.Add(1)
	go func() {
		defer s.inFlight.Done()
		defer cancel()
		if err := turns.acquire(ctx); err != nil {
			root.Send(self, &turnDone{in: in, err: err})
			return
		}
		defer turns.release()
		reply, err := respond(ctx, s.agent, req)
		if err == nil && reply.Text != "" {
			s.save(ctx, in.Text, reply.Text)
		}
		root.Send(self, &turnDone{in: in, reply: reply.Text, err: err, streamID: streamID})
	}()
}

// finish hands a turn's reply to the profile and starts the next turn.
func (s *sessionActor) finish(c actor.Context, m *turnDone) {
	s.running, s.cancelTurn = false, nil
	s.metrics.TurnSeconds.WithLabelValues(s.profile).Observe(time.Since(s.started).Seconds())
	text := m.reply
	if errors.Is(m.err, context.Canceled) {
		text, m.err = "", nil // withdrawn by its sender: nobody waits for an answer
	}
	if m.err != nil {
		text = turnFailedText
		detail := m.err
		if msg, ok := agent.UserMessage(m.err); ok {
			text, detail = msg, errors.Unwrap(m.err)
		}
		s.log.Error().Err(detail).Str("chat_id", m.in.Source.ChatID).Msg("agent turn failed")
	}
	if m.err == nil && text != "" && !m.reset {
		s.remember(m.in.Text, text)
	}
	out := reply(m.in, text)
	out.Failed = m.err != nil
	out.StreamID = m.streamID
	c.Send(c.Parent(), out)
	s.next(c)
	s.checkIdle(c)
}

func (s *sessionActor) checkIdle(c actor.Context) {
	if s.running || len(s.queue) > 0 {
		return
	}
	c.Send(c.Parent(), sessionIdle{key: s.key})
	for ; s.idleWanted > 0; s.idleWanted-- {
		c.Send(c.Parent(), idle{key: s.key})
	}
}

// respond runs one turn, turning a panic in the agent into an error so that
// a faulty agent fails one turn, not the process.
func respond(ctx context.Context, a agent.Agent, req agent.Request) (r agent.Reply, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("agent panicked: %v\n%s", p, debug.Stack())
		}
	}()
	return agent.Converse(ctx, a, req)
}

// cancel withdraws the message with this receipt: its running turn is
// cancelled (and finishes with no reply), a queued one is dropped and
// confirmed as handled.
func (s *sessionActor) cancel(c actor.Context, receipt string) {
	if receipt == "" {
		return
	}
	if s.running && s.current == receipt && s.cancelTurn != nil {
		s.cancelTurn()
		return
	}
	for i, in := range s.queue {
		if in.Receipt == receipt {
			s.queue = append(s.queue[:i], s.queue[i+1:]...)
			c.Send(c.Parent(), &platforms.Outbound{Source: in.Source, Receipt: in.Receipt})
			s.checkIdle(c)
			return
		}
	}
}

// reply addresses a turn's answer. An empty one still goes out: it confirms
// the message as handled. A reply redirected to another chat carries no
// receipt, which belongs to the adapter the message came from.
func reply(in *platforms.Inbound, text string) *platforms.Outbound {
	if in.ReplyVia != nil {
		to := *in.ReplyVia
		to.Profile = in.Source.Profile
		return &platforms.Outbound{Source: to, Text: text}
	}
	return &platforms.Outbound{Source: in.Source, Text: text, ReplyTo: in.MessageID, Receipt: in.Receipt}
}

// partialEvery limits how often a streamed reply is shown anew; Telegram
// allows about one edit a second per chat.
const partialEvery = time.Second

// partials returns an OnDelta that grows the reply and sends it to the
// profile as a copy of the partial template at most once per
// partialEvery. It runs on the turn's goroutine.
func partials(root *actor.RootContext, profile *actor.PID, template platforms.Outbound) func(string) {
	var text strings.Builder
	var last time.Time
	return func(delta string) {
		text.WriteString(delta)
		if time.Since(last) < partialEvery {
			return
		}
		last = time.Now()
		out := template
		out.Text = text.String()
		root.Send(profile, &out)
	}
}
