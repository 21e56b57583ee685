package actors

import (
	"github.com/asynkron/protoactor-go/actor"
)

// drainState tracks a profile's graceful stop, which runs in three steps:
// every adapter stops its intake; every session finishes the turns it
// holds; every adapter sends the replies it holds. Each step waits for an
// answer from every child it asked before the next begins, and the profile
// answers drained to the gateway at the end.
type drainState struct {
	step    int
	waiting int
}

const (
	drainNone = iota
	drainIntake
	drainSessions
	drainSends
	drainDone
)

// handleDrain handles the drain protocol's messages.
func (p *profileActor) handleDrain(c actor.Context, msg any) {
	switch msg.(type) {
	case drain:
		if p.drain.step == drainNone {
			p.log.Info().Msg("draining: intake stopped, finishing turns and replies")
			p.advanceDrain(c)
		}
	case intakeStopped, idle, flushed:
		p.drain.waiting--
		if p.drain.waiting <= 0 {
			p.advanceDrain(c)
		}
	}
}

// advanceDrain moves to the next step, skipping steps with nobody to ask.
func (p *profileActor) advanceDrain(c actor.Context) {
	for p.drain.step < drainDone {
		p.drain.step++
		var asked int
		switch p.drain.step {
		case drainIntake:
			asked = p.broadcast(c, p.adapters, stopIntake{})
		case drainSessions:
			asked = p.broadcast(c, p.sessions, idleCheck{})
		case drainSends:
			asked = p.broadcast(c, p.adapters, flush{})
		case drainDone:
			c.Send(c.Parent(), drained{profile: p.cfg.Name})
			p.log.Info().Msg("drained")
		}
		if asked > 0 {
			p.drain.waiting = asked
			return
		}
	}
}

func (p *profileActor) broadcast(c actor.Context, to map[string]*actor.PID, msg any) int {
	for _, pid := range to {
		c.Send(pid, msg)
	}
	return len(to)
}
