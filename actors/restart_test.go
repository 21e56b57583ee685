package actors

import (
	"errors"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"switchboard/actors/backoff"
	"switchboard/platforms"
)

// fakeClock records the delays a restarter schedules instead of waiting.
type fakeClock struct{ delays []time.Duration }

func (f *fakeClock) after(d time.Duration, _ func()) *time.Timer {
	f.delays = append(f.delays, d)
	return time.NewTimer(time.Hour) // never fires within a test; stopped by stopTimers
}

// TestRestartDelaysStayInBand fails a child repeatedly and checks each
// scheduled restart against the configured band: Initial·2^(n-1) capped at
// Max, less at most Jitter; progress resets it; retry_after is honoured.
func TestRestartDelaysStayInBand(t *testing.T) {
	sys := actor.NewActorSystem(actor.WithLoggerFactory(slogFactory(zerolog.Nop())))
	defer sys.Shutdown()
	policy := backoff.Policy{Initial: 200 * time.Millisecond, Max: 3 * time.Second, Jitter: 0.3}
	clock := &fakeClock{}
	r := newRestarter(backoff.Default, zerolog.Nop())
	r.after = clock.after
	defer r.stopTimers()
	child := actor.NewPID("local", "profile/x/adapter/telegram")
	r.policies[child.Id] = policy
	rs := actor.NewRestartStatistics()
	fail := errors.New("connection reset")

	for n := 1; n <= 7; n++ {
		r.HandleFailure(sys, nil, child, rs, fail, nil)
		got := clock.delays[len(clock.delays)-1]
		hi := policy.Ceiling(n)
		lo := time.Duration(float64(hi) * (1 - policy.Jitter))
		if got < lo || got > hi {
			t.Errorf("restart %d after %v, want within [%v, %v]", n, got, lo, hi)
		}
	}
	if last := clock.delays[len(clock.delays)-1]; last > policy.Max {
		t.Errorf("delay %v exceeds the cap %v", last, policy.Max)
	}

	r.reset(child)
	r.HandleFailure(sys, nil, child, rs, fail, nil)
	if got := clock.delays[len(clock.delays)-1]; got > policy.Initial {
		t.Errorf("after progress the next restart waits %v, want at most the initial %v", got, policy.Initial)
	}

	limited := &platforms.Failure{Code: "rate_limited", RetryAfter: 7 * time.Second, Err: fail}
	r.HandleFailure(sys, nil, child, rs, limited, nil)
	if got := clock.delays[len(clock.delays)-1]; got < 7*time.Second {
		t.Errorf("a 429 with retry_after 7s restarted after %v", got)
	}
}
