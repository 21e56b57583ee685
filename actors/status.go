package actors

import (
	"errors"
	"os"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"switchboard/actors/state"
	"switchboard/config"
)

// flushDelay batches platform updates into one state-file write: a burst
// of changes (a thousand adapters connecting) costs a few writes, not one
// each. Gateway state changes are written at once.
const flushDelay = 100 * time.Millisecond

// flushState asks the gateway actor to write pending state changes.
type flushState struct{}

// statusBook is the gateway actor's record of the state file. Only the
// gateway actor's mailbox goroutine touches it.
type statusBook struct {
	path string
	log  zerolog.Logger
	gw   state.Gateway

	self *actor.PID
	root *actor.RootContext

	started    bool
	exitReason string
	pending    bool
	timer      *time.Timer
}

func newStatusBook(home *config.Home, path string, log zerolog.Logger) *statusBook {
	b := &statusBook{path: path, log: log}
	b.gw = state.Gateway{PID: os.Getpid(), ServedProfiles: []string{}, Platforms: map[string]*state.Platform{}}
	for _, p := range home.Profiles {
		b.gw.ServedProfiles = append(b.gw.ServedProfiles, p.Name)
	}
	now := time.Now().UTC()
	for _, s := range home.Skipped {
		key, code := s.Name+":config", "config_error"
		var mce *config.MultiplexConfigError
		if errors.As(s.Reason, &mce) {
			key, code = s.Name+":"+mce.Platform, "port_binding_not_allowed"
		}
		b.gw.Platforms[key] = &state.Platform{State: state.Disabled, ErrorCode: code,
			ErrorMessage: s.Reason.Error(), UpdatedAt: now}
	}
	return b
}

// degraded reports whether anything served is not as configured: a skipped
// profile or a parked platform.
func (b *statusBook) degraded() bool {
	for _, p := range b.gw.Platforms {
		if p.State == state.Fatal || p.State == state.Disabled {
			return true
		}
	}
	return false
}

func (b *statusBook) begin() { b.set(state.Starting) }

// spawned records that every profile has started; the gateway is running
// once no platform is still connecting.
func (b *statusBook) spawned() {
	b.started = true
	b.settle()
}

// settle moves the gateway from starting to running (or degraded) once
// every platform has had its first outcome: connected, retrying or parked.
func (b *statusBook) settle() {
	if !b.started || b.gw.GatewayState != state.Starting {
		return
	}
	for _, p := range b.gw.Platforms {
		if p.State == state.Connecting {
			return
		}
	}
	next := state.Running
	if b.degraded() {
		next = state.Degraded
	}
	b.log.Info().Str("state", next).Msg("gateway running")
	b.set(next)
}

func (b *statusBook) draining() { b.set(state.Draining) }

func (b *statusBook) stopped() {
	if b.timer != nil {
		b.timer.Stop()
	}
	b.gw.ExitReason = b.exitReason
	b.set(state.Stopped)
}

// set changes the gateway state and writes the file at once.
func (b *statusBook) set(s string) {
	b.gw.GatewayState = s
	b.flush()
}

// platform records one adapter's news.
func (b *statusBook) platform(m *platformStatus) {
	p := b.gw.Platforms[m.key]
	if p == nil {
		p = &state.Platform{}
		b.gw.Platforms[m.key] = p
	}
	if !m.progressAt.IsZero() {
		at := m.progressAt.UTC()
		p.LastProgressAt = &at
	}
	if m.state == state.Retrying && p.State != state.Retrying {
		p.Restarts++
	}
	if m.state != p.State {
		p.State, p.ErrorCode, p.ErrorMessage = m.state, m.code, m.message
		p.UpdatedAt = time.Now().UTC()
	}
	if m.message != "" {
		at := time.Now().UTC()
		p.LastError, p.LastErrorAt = m.code+": "+m.message, &at
	}
	if m.account != "" {
		p.AccountID, p.Fingerprint = m.account, m.fingerprint
	}
	switch {
	case m.state == state.Fatal && b.gw.GatewayState == state.Running:
		b.set(state.Degraded)
	case b.gw.GatewayState == state.Starting:
		b.settle()
		b.schedule()
	default:
		b.schedule()
	}
}

// schedule arranges one write soon for changes made since the last one.
func (b *statusBook) schedule() {
	if b.pending || b.path == "" {
		return
	}
	b.pending = true
	self, root := b.self, b.root
	b.timer = time.AfterFunc(flushDelay, func() { root.Send(self, flushState{}) })
}

// flush writes the state file now.
func (b *statusBook) flush() {
	b.pending = false
	b.gw.UpdatedAt = time.Now().UTC()
	if b.path == "" {
		return
	}
	if err := state.Write(b.path, &b.gw); err != nil {
		b.log.Error().Err(err).Msg("state file not written; status output is stale")
	}
}
