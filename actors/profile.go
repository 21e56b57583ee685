package actors

import (
	"io"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"switchboard/actors/agent"
	"switchboard/actors/backoff"
	"switchboard/config"
	"switchboard/platforms"
)

// profileActor is one tenant. It builds an adapter actor per enabled
// platform, admits or denies each inbound message, routes it to the
// conversation's session actor, and sends replies out through its own
// adapters only.
type profileActor struct {
	restarter
	cfg      *config.Profile
	opts     Options
	registry *actor.PID
	log      zerolog.Logger

	agent    agent.Agent
	adapters map[string]*actor.PID
	access   map[string]platforms.Access
	sessions map[string]*actor.PID
	denied   map[string]bool
	drain    drainState
	// unclaimed counts adapters whose credential claim is unanswered; the
	// profile reports profileStarted when it reaches zero.
	unclaimed int
	// idleSince holds when each idle session last finished its work; a
	// session with a message on its way is not in it.
	idleSince map[string]time.Time
	sweeper   *time.Timer
	// turns is this profile's share of agent slots.
	turns slots
}

func profileProps(cfg *config.Profile, opts Options, registry *actor.PID, log zerolog.Logger) *actor.Props {
	log = log.With().Str("profile", cfg.Name).Logger()
	return actor.PropsFromProducer(func() actor.Actor {
		return &profileActor{
			restarter: newRestarter(backoff.Default, log),
			cfg:       cfg,
			opts:      opts,
			registry:  registry,
			log:       log,
		}
	}, actor.WithReceiverMiddleware(logPanics(log)))
}

func (p *profileActor) Receive(c actor.Context) {
	switch m := c.Message().(type) {
	case *actor.Started:
		p.start(c)
	case *platforms.Inbound:
		p.route(c, m)
	case *platforms.Outbound:
		p.send(c, m)
	case *platforms.Cancel:
		key := m.Source.SessionKey(config.DefaultProfile, p.cfg.Sessions.PerUserInGroups)
		if pid := p.sessions[key]; pid != nil && m.Source.Profile == p.cfg.Name {
			c.Send(pid, m)
		}
	case *platforms.Typing:
		if pid := p.adapters[m.Source.Platform]; pid != nil && m.Source.Profile == p.cfg.Name {
			c.Send(pid, m)
		}
	case *restartChild:
		p.restart(m)
	case claimed:
		p.claimAnswered(c)
	case sessionIdle:
		if p.sessions[m.key] != nil {
			p.idleSince[m.key] = time.Now()
		}
	case sweep:
		p.sweepSessions(c)
	case progressed:
		p.reset(m.pid)
	case *adapterFatal:
		p.log.Error().Str("platform", m.platform).Err(m.err).Msg("platform parked")
	case *actor.Terminated:
		p.forget(m.Who)
	case *actor.Stopping:
		p.stopTimers()
	case *actor.Stopped:
		// Sessions are stopped by now, so no turn still uses the agent.
		if cl, ok := p.agent.(io.Closer); ok {
			if err := cl.Close(); err != nil {
				p.log.Warn().Err(err).Msg("agent did not close cleanly")
			}
		}
		if p.sweeper != nil {
			p.sweeper.Stop()
		}
	default:
		p.handleDrain(c, m)
	}
}

// start builds the agent and one adapter actor per enabled platform. A
// platform that cannot be built is logged and left out; the rest run.
func (p *profileActor) start(c actor.Context) {
	p.self = c.Self()
	p.adapters = map[string]*actor.PID{}
	p.access = map[string]platforms.Access{}
	p.sessions = map[string]*actor.PID{}
	p.denied = map[string]bool{}
	p.idleSince = map[string]time.Time{}
	p.turns = slots{profile: newSlots(p.cfg.Agent.MaxConcurrentTurns), global: p.opts.turns}
	p.scheduleSweep(c)
	if a, err := p.opts.NewAgent(p.cfg.Agent); err != nil {
		p.log.Error().Err(err).Msg("agent not available; this profile answers nothing")
	} else {
		p.agent = a
	}
	for _, pl := range p.opts.Platforms {
		p.startPlatform(c, pl)
	}
	p.unclaimed = len(p.adapters)
	if p.unclaimed == 0 {
		p.claimAnswered(c)
	}
}

// claimAnswered counts answered credential claims. Once every adapter has
// its answer the profile tells the gateway, which then starts the next
// profile: claims are made in a fixed order, so the same configuration
// always gives a contested credential to the same profile.
func (p *profileActor) claimAnswered(c actor.Context) {
	if p.unclaimed < 0 {
		return
	}
	p.unclaimed--
	if p.unclaimed <= 0 {
		p.unclaimed = -1
		c.Send(c.Parent(), profileStarted{profile: p.cfg.Name})
		p.log.Info().Int("platforms", len(p.adapters)).Msg("profile started")
	}
}

func (p *profileActor) startPlatform(c actor.Context, pl Platform) {
	ad, access, err := pl.Build(p.cfg, p.log)
	if err != nil {
		p.log.Error().Str("platform", pl.Name).Err(err).Msg("platform not started")
		return
	}
	if ad == nil {
		return
	}
	if _, ok := ad.(platforms.Listener); ok && !platforms.NeedsListener(pl.Name) {
		p.log.Error().Str("platform", pl.Name).
			Msg("platform serves HTTP but is not in platforms.PortBinding; not started (a bug in switchboard)")
		return
	}
	env := adapterEnv{profile: p.cfg.Name, registry: p.registry, status: c.Parent(), metrics: p.opts.Metrics,
		log: p.log}
	pid, err := c.SpawnNamed(adapterProps(ad, env), "adapter/"+pl.Name)
	if err != nil {
		p.log.Error().Str("platform", pl.Name).Err(err).Msg("platform not started")
		return
	}
	p.adapters[pl.Name] = pid
	if rp, ok := ad.(interface{ RestartPolicy() backoff.Policy }); ok {
		p.policies[pid.Id] = rp.RestartPolicy()
	}
	p.access[pl.Name] = access
}

// route admits a message and hands it to its session, starting one if
// needed. A denied sender costs no agent turn and is logged once.
func (p *profileActor) route(c actor.Context, in *platforms.Inbound) {
	src := in.Source
	if src.Profile != p.cfg.Name {
		p.log.Error().Str("platform", src.Platform).Str("stamped_profile", src.Profile).
			Msg("message stamped for another profile reached this one; dropped")
		return
	}
	p.opts.Metrics.In.WithLabelValues(p.cfg.Name, src.Platform).Inc()
	if !p.access[src.Platform].Allows(src) || p.agent == nil {
		if p.agent != nil {
			p.deny(src)
		}
		// Nothing will answer: confirm the message as handled right away.
		p.send(c, &platforms.Outbound{Source: src, Receipt: in.Receipt})
		return
	}
	key := src.SessionKey(config.DefaultProfile, p.cfg.Sessions.PerUserInGroups)
	pid := p.sessions[key]
	if pid == nil {
		var err error
		pid, err = p.spawnSession(c, key)
		if err != nil {
			p.log.Error().Str("session", key).Err(err).Msg("session not started; message dropped")
			return
		}
		p.sessions[key] = pid
		p.log.Info().Str("platform", src.Platform).Str("chat_id", src.ChatID).Str("session", key).
			Msg("session started")
	}
	delete(p.idleSince, key)
	c.Send(pid, in)
}

func (p *profileActor) deny(src platforms.Source) {
	who := src.Platform + ":" + src.UserID
	if p.denied[who] || len(p.denied) > maxDenied {
		return
	}
	p.denied[who] = true
	if len(p.denied) > maxDenied {
		p.log.Warn().Int("users", maxDenied).
			Msg("many users are not allowed; further ones are no longer logged until the gateway restarts")
		return
	}
	p.log.Warn().Str("platform", src.Platform).Str("user_id", src.UserID).Str("user_name", src.UserName).
		Msg("message from a user who is not allowed; add them to allowed_users to admit them")
}

// maxDenied bounds how many denied users a profile remembers (and logs), so
// that strangers cannot grow its memory without end.
const maxDenied = 10000

// send hands a reply to this profile's own adapter for its platform. With
// no such adapter the reply is dropped: it never leaves through another
// profile's account.
func (p *profileActor) send(c actor.Context, out *platforms.Outbound) {
	pid := p.adapters[out.Source.Platform]
	if pid == nil || out.Source.Profile != p.cfg.Name {
		p.log.Error().Str("platform", out.Source.Platform).Str("chat_id", out.Source.ChatID).
			Msg("reply dropped: this profile has no adapter for the platform")
		return
	}
	c.Send(pid, out)
	if out.Source.Ephemeral {
		p.endSession(c, out.Source)
	}
}

func (p *profileActor) forget(who *actor.PID) {
	for k, pid := range p.sessions {
		if pid.Equal(who) {
			delete(p.sessions, k)
			return
		}
	}
	for k, pid := range p.adapters {
		if pid.Equal(who) {
			delete(p.adapters, k)
			return
		}
	}
}
