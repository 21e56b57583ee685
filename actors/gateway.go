// Package actors is Switchboard's actor tree: the gateway actor at the root
// with the credential registry beside one profile actor per served profile,
// and under each profile one adapter actor per enabled platform and one
// session actor per conversation.
//
// Slow work (platform network calls, agent turns) never runs on a mailbox:
// it runs in goroutines whose results come back as messages.
package actors

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"switchboard/actors/agent"
	"switchboard/actors/backoff"
	"switchboard/actors/metrics"
	"switchboard/actors/registry"
	"switchboard/actors/store"
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
	// StatePath is where the state file is written. Empty writes none.
	StatePath string
	// Metrics receives the gateway's metrics. Default a fresh set.
	Metrics *metrics.Metrics
	// History keeps conversations across restarts. Default none: history
	// lives in memory only.
	History store.History

	turns chan struct{} // the gateway-wide turn cap, shared by every profile
}

// Gateway is a running actor tree.
type Gateway struct {
	system       *actor.ActorSystem
	root         *actor.PID
	drainTimeout time.Duration
	log          zerolog.Logger

	stopOnce sync.Once
	stopErr  error
}

// ErrDrainTimeout reports that a graceful stop ran out of time; the gateway
// was stopped anyway and some replies may not have been sent.
var ErrDrainTimeout = errors.New("drain did not finish in time")

// Start builds the actor tree for every profile in home and returns once
// the tree is spawned; profiles claim their credentials one after another
// and adapters connect in the background.
func Start(home *config.Home, opts Options) (*Gateway, error) {
	if opts.NewAgent == nil {
		opts.NewAgent = agent.New
	}
	if opts.Metrics == nil {
		opts.Metrics = metrics.New()
	}
	opts.turns = newSlots(home.Gateway.MaxConcurrentTurns)
	sys := actor.NewActorSystem(actor.WithLoggerFactory(slogFactory(opts.Log)))
	props := actor.PropsFromProducer(func() actor.Actor {
		return &gatewayActor{
			restarter: newRestarter(backoff.Default, opts.Log),
			home:      home,
			opts:      opts,
			log:       opts.Log,
			status:    newStatusBook(home, opts.StatePath, opts.Log),
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

// Stop drains the gateway (no new messages; turns and replies in flight
// finished within the drain timeout), stops every profile, children first,
// so that their credentials are released, then stops the root. reason
// becomes the state file's exit_reason. It returns ErrDrainTimeout if
// draining ran out of time. Calling it again returns the first result.
func (g *Gateway) Stop(reason string) error {
	g.stopOnce.Do(func() { g.stopErr = g.stop(reason) })
	return g.stopErr
}

// stop does Stop's work, once.
func (g *Gateway) stop(reason string) error {
	g.log.Info().Dur("drain_timeout", g.drainTimeout).Msg("gateway draining")
	res, drainErr := g.system.Root.RequestFuture(g.root, drain{}, g.drainTimeout).Result()
	if drainErr != nil {
		drainErr = fmt.Errorf("stop gateway: %w after %v", ErrDrainTimeout, g.drainTimeout)
		g.log.Warn().Err(drainErr).Msg("stopping anyway; replies still in flight may be lost")
	}
	if d, ok := res.(gatewayDrained); ok {
		for _, pid := range d.profiles {
			if err := g.system.Root.StopFuture(pid).Wait(); err != nil {
				g.log.Error().Str("actor", pid.Id).Err(err).Msg("profile did not confirm its stop")
			}
		}
	}
	g.system.Root.Send(g.root, exitReason(reason))
	if err := g.system.Root.StopFuture(g.root).Wait(); err != nil {
		g.log.Error().Err(err).Msg("gateway actor did not confirm its stop")
	}
	g.system.Shutdown()
	g.log.Info().Msg("gateway stopped")
	return drainErr
}

// gatewayDrained answers a drain request with the profiles to stop.
type gatewayDrained struct{ profiles []*actor.PID }

// exitReason records why the gateway is stopping.
type exitReason string

// gatewayActor is the root. It spawns the registry, then one profile actor
// at a time in serving order (each after the previous one's claims are
// answered), keeps the state file, and coordinates draining.
type gatewayActor struct {
	restarter
	home   *config.Home
	opts   Options
	log    zerolog.Logger
	status *statusBook

	registry  *actor.PID
	profiles  []*actor.PID
	drainer   *actor.PID
	undrained int
}

func (g *gatewayActor) Receive(c actor.Context) {
	switch m := c.Message().(type) {
	case *actor.Started:
		g.start(c)
	case profileStarted:
		g.spawnNext(c)
	case *platformStatus:
		g.status.platform(m)
	case flushState:
		g.status.flush()
	case drain:
		g.startDrain(c)
	case drained:
		g.undrained--
		if g.undrained == 0 && g.drainer != nil {
			c.Send(g.drainer, gatewayDrained{profiles: g.profiles})
		}
	case exitReason:
		g.status.exitReason = string(m)
	case *restartChild:
		g.restart(m)
	case *actor.Stopping:
		g.stopTimers()
	case *actor.Stopped:
		g.status.stopped()
	}
}

func (g *gatewayActor) start(c actor.Context) {
	g.self = c.Self()
	g.status.self, g.status.root = c.Self(), c.ActorSystem().Root
	g.status.begin()
	pid, err := c.SpawnNamed(registry.Props(), "registry")
	if err != nil {
		panic(fmt.Errorf("spawn registry: %w", err))
	}
	g.registry = pid
	g.spawnNext(c)
}

// spawnNext starts the next profile in serving order, or marks the gateway
// running once every profile has started. Profiles start one at a time so
// that their credential claims reach the registry in a fixed order.
func (g *gatewayActor) spawnNext(c actor.Context) {
	if g.status.started || g.drainer != nil {
		return
	}
	for len(g.profiles) < len(g.home.Profiles) {
		p := g.home.Profiles[len(g.profiles)]
		pid, err := c.SpawnNamed(profileProps(p, g.opts, g.registry, g.log), "profile/"+p.Name)
		if err != nil {
			g.log.Error().Str("profile", p.Name).Err(err).Msg("profile not started")
			g.profiles = append(g.profiles, nil)
			continue
		}
		g.profiles = append(g.profiles, pid)
		return
	}
	g.status.spawned()
	g.log.Info().Int("profiles", len(g.profiles)).Msg("every profile started")
}

func (g *gatewayActor) startDrain(c actor.Context) {
	g.status.draining()
	g.drainer = c.Sender()
	live := g.profiles[:0:0]
	for _, pid := range g.profiles {
		if pid != nil {
			live = append(live, pid)
		}
	}
	g.profiles = live
	g.undrained = len(live)
	if g.undrained == 0 {
		c.Respond(gatewayDrained{})
		return
	}
	for _, pid := range live {
		c.Send(pid, drain{})
	}
}
