// Package actors is Switchboard's actor tree: the gateway actor at the root,
// one profile actor per served profile, and under each profile one adapter
// actor per enabled platform and one session actor per conversation.
//
// Slow work (platform network calls, agent turns) never runs on a mailbox:
// it runs in goroutines whose results come back as messages.
package actors

import (
	"errors"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"switchboard/actors/agent"
	"switchboard/actors/backoff"
	"switchboard/config"
	"switchboard/platforms"
)

// Platform tells the gateway how to build one platform's adapter for a
// profile.
type Platform struct {
	// Name is the platform's name in config and session keys.
	Name string
	// Build returns the profile's adapter and access policy for this
	// platform, or a nil adapter when the profile does not enable it.
	Build func(p *config.Profile, log zerolog.Logger) (platforms.Adapter, platforms.Access, error)
}

// Options are what a gateway needs besides the configuration.
type Options struct {
	// Log receives every log line of the gateway and of protoactor.
	Log zerolog.Logger
	// Platforms lists the platforms the gateway can build adapters for.
	Platforms []Platform
	// NewAgent builds a profile's agent. Default agent.New.
	NewAgent func(config.Agent) (agent.Agent, error)
}

// Gateway is a running actor tree.
type Gateway struct {
	system       *actor.ActorSystem
	root         *actor.PID
	drainTimeout time.Duration
	log          zerolog.Logger
}

// ErrDrainTimeout reports that a graceful stop ran out of time; the gateway
// was stopped anyway and some replies may not have been sent.
var ErrDrainTimeout = errors.New("drain did not finish in time")

// Start builds the actor tree for every profile in home and returns once
// the tree is spawned; adapters connect in the background.
func Start(home *config.Home, opts Options) (*Gateway, error) {
	if opts.NewAgent == nil {
		opts.NewAgent = agent.New
	}
	sys := actor.NewActorSystem(actor.WithLoggerFactory(slogFactory(opts.Log)))
	props := actor.PropsFromProducer(func() actor.Actor {
		return &gatewayActor{
			restarter: newRestarter(backoff.Default, opts.Log),
			home:      home,
			opts:      opts,
			log:       opts.Log,
		}
	}, actor.WithReceiverMiddleware(logPanics(opts.Log)))
	root, err := sys.Root.SpawnNamed(props, "gateway")
	if err != nil {
		sys.Shutdown()
		return nil, fmt.Errorf("start gateway actor: %w", err)
	}
	drainTimeout := home.Gateway.DrainTimeout
	if drainTimeout <= 0 {
		drainTimeout = config.DefaultDrainTimeout
	}
	return &Gateway{system: sys, root: root, drainTimeout: drainTimeout, log: opts.Log}, nil
}

// Stop drains the gateway (no new messages, turns and replies in flight
// finished within the drain timeout), then stops every actor, children
// first. It returns ErrDrainTimeout if draining ran out of time.
func (g *Gateway) Stop() error {
	g.log.Info().Dur("drain_timeout", g.drainTimeout).Msg("gateway draining")
	_, drainErr := g.system.Root.RequestFuture(g.root, drain{}, g.drainTimeout).Result()
	if drainErr != nil {
		drainErr = fmt.Errorf("stop gateway: %w after %v", ErrDrainTimeout, g.drainTimeout)
		g.log.Warn().Err(drainErr).Msg("stopping anyway; replies still in flight may be lost")
	}
	if err := g.system.Root.StopFuture(g.root).Wait(); err != nil {
		g.log.Error().Err(err).Msg("gateway actor did not confirm its stop")
	}
	g.system.Shutdown()
	g.log.Info().Msg("gateway stopped")
	return drainErr
}

// gatewayActor is the root: it spawns one profile actor per served profile
// and coordinates draining.
type gatewayActor struct {
	restarter
	home *config.Home
	opts Options
	log  zerolog.Logger

	profiles  []*actor.PID
	drainer   *actor.PID
	undrained int
}

func (g *gatewayActor) Receive(c actor.Context) {
	switch m := c.Message().(type) {
	case *actor.Started:
		g.self = c.Self()
		for _, p := range g.home.Profiles {
			g.spawnProfile(c, p)
		}
		g.log.Info().Int("profiles", len(g.profiles)).Msg("gateway running")
	case drain:
		g.startDrain(c)
	case drained:
		g.undrained--
		if g.undrained == 0 && g.drainer != nil {
			c.Send(g.drainer, m)
		}
	case *restartChild:
		g.restart(m)
	case *actor.Stopping:
		g.stopTimers()
	}
}

func (g *gatewayActor) spawnProfile(c actor.Context, p *config.Profile) {
	pid, err := c.SpawnNamed(profileProps(p, g.opts, g.log), "profile/"+p.Name)
	if err != nil {
		g.log.Error().Str("profile", p.Name).Err(err).Msg("profile not started")
		return
	}
	g.profiles = append(g.profiles, pid)
}

func (g *gatewayActor) startDrain(c actor.Context) {
	g.drainer = c.Sender()
	g.undrained = len(g.profiles)
	if g.undrained == 0 {
		c.Respond(drained{})
		return
	}
	for _, pid := range g.profiles {
		c.Send(pid, drain{})
	}
}
