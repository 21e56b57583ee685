package actors

import (
	"errors"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"switchboard/config"
	"switchboard/platforms"
)

// A profile's sessions: started on a conversation's first message, stopped
// when idle past sessions.idle_timeout or, for one-message conversations,
// once their reply is out.

// spawnSession starts the session actor for key, named session/<key>. A
// session stopped for idleness may still hold that name while it winds
// down; the new one then takes session/<key>#<n>.
func (p *profileActor) spawnSession(c actor.Context, key string) (*actor.PID, error) {
	props := sessionProps(sessionEnv{key: key, profile: p.cfg.Name, agent: p.agent, agentInfo: agentInfo(p.cfg.Agent),
		turns: p.turns, store: p.opts.History, interrupt: p.cfg.Sessions.Busy == "interrupt",
		streams: map[string]bool{"telegram": p.cfg.Platforms.Telegram.Stream},
		metrics: p.opts.Metrics, log: p.log})
	name := "session/" + key
	for n := 2; ; n++ {
		pid, err := c.SpawnNamed(props, name)
		if !errors.Is(err, actor.ErrNameExists) || n > 100 {
			return pid, err
		}
		name = fmt.Sprintf("session/%s#%d", key, n)
	}
}

// scheduleSweep arranges the next look for idle sessions.
func (p *profileActor) scheduleSweep(c actor.Context) {
	timeout := p.cfg.Sessions.IdleTimeout
	if timeout <= 0 {
		return
	}
	self, root := c.Self(), c.ActorSystem().Root
	p.sweeper = time.AfterFunc(min(timeout/2, time.Minute), func() { root.Send(self, sweep{}) })
}

// sweepSessions stops sessions idle past sessions.idle_timeout. A session
// is idle only while no message is on its way to it (route clears its
// mark), and it leaves the map as it is told to stop, so no message can be
// sent to a stopping session: the next one starts it afresh.
func (p *profileActor) sweepSessions(c actor.Context) {
	if p.drain.step != drainNone {
		return
	}
	cutoff := time.Now().Add(-p.cfg.Sessions.IdleTimeout)
	for key, since := range p.idleSince {
		if since.Before(cutoff) {
			c.Stop(p.sessions[key])
			delete(p.sessions, key)
			delete(p.idleSince, key)
		}
	}
	p.scheduleSweep(c)
}

// endSession stops the session of a one-message conversation once its
// reply is out; no other message can be on its way to it.
func (p *profileActor) endSession(c actor.Context, src platforms.Source) {
	key := src.SessionKey(config.DefaultProfile, p.cfg.Sessions.PerUserInGroups)
	if pid := p.sessions[key]; pid != nil {
		c.Stop(pid)
		delete(p.sessions, key)
		delete(p.idleSince, key)
	}
}

// agentInfo describes a profile's agent for /status.
func agentInfo(a config.Agent) string {
	switch a.Kind {
	case "openai":
		return "openai (" + a.OpenAI.Model + ")"
	case "":
		return "echo"
	}
	return a.Kind
}
