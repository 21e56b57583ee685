package actors

import (
	"errors"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"switchboard/actors/backoff"
	"switchboard/platforms"
)

// restartChild asks a supervisor, through its own mailbox, to restart a
// child whose backoff has run out.
type restartChild struct {
	pid *actor.PID
	sup actor.Supervisor
}

// restarter is the supervision strategy of profile and gateway actors:
// a failed child is restarted after a capped, jittered exponential
// backoff instead of at once, so that a failing bot cannot spin. It never
// gives up and never escalates; permanent failures are parked by the child
// itself and never reach it.
//
// Its HandleFailure runs on the supervisor's mailbox goroutine (protoactor
// calls it there when the actor itself implements SupervisorStrategy), and
// the delayed restart comes back as a message, so no lock is needed.
type restarter struct {
	self   *actor.PID
	policy backoff.Policy
	// policies overrides policy per child (an adapter's own settings).
	policies map[string]backoff.Policy
	log      zerolog.Logger
	// after schedules f after d; time.AfterFunc unless a test fakes the clock.
	after  func(d time.Duration, f func()) *time.Timer
	timers map[string]*time.Timer
	// stats keeps each failed child's restart statistics so that real
	// progress can reset its backoff.
	stats map[string]*actor.RestartStatistics
}

func newRestarter(policy backoff.Policy, log zerolog.Logger) restarter {
	return restarter{policy: policy, log: log, timers: map[string]*time.Timer{},
		stats: map[string]*actor.RestartStatistics{}, policies: map[string]backoff.Policy{},
		after: time.AfterFunc}
}

// HandleFailure schedules the child's restart after the backoff for its
// failure count.
func (r *restarter) HandleFailure(sys *actor.ActorSystem, sup actor.Supervisor, child *actor.PID,
	rs *actor.RestartStatistics, reason, _ any) {
	rs.Fail()
	r.stats[child.Id] = rs
	delay := r.delay(child, rs.FailureCount(), reason)
	sys.EventStream.Publish(&actor.SupervisorEvent{Child: child, Reason: reason, Directive: actor.RestartDirective})
	r.log.Warn().Str("actor", child.Id).Str("reason", fmt.Sprint(reason)).
		Int("failures", rs.FailureCount()).Dur("restart_in", delay).Msg("restarting after backoff")
	if t := r.timers[child.Id]; t != nil {
		t.Stop()
	}
	self, root := r.self, sys.Root
	r.timers[child.Id] = r.after(delay, func() { root.Send(self, &restartChild{pid: child, sup: sup}) })
}

// delay is the wait before a child's n-th restart: its policy's backoff,
// and never less than a retry-after the platform asked for.
func (r *restarter) delay(child *actor.PID, n int, reason any) time.Duration {
	policy, ok := r.policies[child.Id]
	if !ok {
		policy = r.policy
	}
	d := policy.Delay(n, nil)
	var f *platforms.Failure
	if err, ok := reason.(error); ok && errors.As(err, &f) && f.RetryAfter > d {
		d = f.RetryAfter
	}
	return d
}

// restart performs a restart whose backoff has run out.
func (r *restarter) restart(m *restartChild) {
	delete(r.timers, m.pid.Id)
	for _, child := range m.sup.Children() {
		if child.Equal(m.pid) {
			m.sup.RestartChildren(child)
			return
		}
	}
}

// reset starts a child's backoff from the beginning again: it made real
// progress (a successful poll), not merely a successful start.
func (r *restarter) reset(child *actor.PID) {
	if child == nil {
		return
	}
	if rs := r.stats[child.Id]; rs != nil {
		rs.Reset()
		delete(r.stats, child.Id)
	}
}

// stopTimers cancels every pending restart; the supervisor is stopping.
func (r *restarter) stopTimers() {
	for id, t := range r.timers {
		t.Stop()
		delete(r.timers, id)
	}
}
