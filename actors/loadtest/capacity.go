package loadtest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"time"

	"switchboard/actors/state"
	"switchboard/platforms/telegram/telegramtest"
)

// nameGateway names the gateway's capacity stages.
const nameGateway = "gateway"

// idleSettle is how long a capacity stage lets the process sit once every
// bot polls, before reading its memory: start-up leftovers (state file
// writes, first progress reports) finish, and what remains is the idle
// cost.
const idleSettle = 500 * time.Millisecond

// runningMessage is the gateway's log line once every platform has had
// its first outcome; the state file says running at the same moment.
const runningMessage = "gateway running"

// runCapacity measures each number of idle profiles, then as many bare
// bots as the largest, which is also the stage whose time to running is
// measured.
func runCapacity(ctx context.Context, cfg Config) ([]Capacity, []string, error) {
	largest := slices.Max(cfg.Capacity)
	var out []Capacity
	var problems []string
	for _, n := range cfg.Capacity {
		c, p, err := gatewayCapacity(ctx, cfg, n, n == largest)
		problems = append(problems, p...)
		if err != nil {
			return out, problems, err
		}
		out = append(out, c)
	}
	bare, err := bareCapacity(ctx, cfg, largest)
	if err != nil {
		return out, problems, err
	}
	if cfg.Binary != "" && ctx.Err() == nil {
		c, p, err := processCapacity(ctx, cfg, largest)
		problems = append(problems, p...)
		if err != nil {
			return out, problems, err
		}
		out = append(out, c)
	}
	for i := range out {
		if out[i].Profiles == largest && bare.RSSAddedBytes > 0 {
			out[i].RSSAddedRatio = float64(out[i].RSSAddedBytes) / float64(bare.RSSAddedBytes)
		}
	}
	return append(out, bare), problems, nil
}

// gatewayCapacity starts a gateway serving n profiles, each polling an
// idle bot, and measures it once every bot polls (and, with running, once
// the gateway says it is running).
func gatewayCapacity(ctx context.Context, cfg Config, n int, running bool) (Capacity, []string, error) {
	srv, tokens := startFake(n)
	defer srv.Close()
	g, err := prepareGateway(srv.URL(), tokens, cfg.PollTimeout, runningMessage)
	if err != nil {
		return Capacity{}, nil, err
	}
	var ready func(time.Time) (float64, bool)
	if running {
		ready = func(t0 time.Time) (float64, bool) {
			ok := waitFor(ctx, cfg.PollTimeout+cfg.Timeout, func() bool { return !g.logs.seen().IsZero() })
			return g.logs.seen().Sub(t0).Seconds(), ok
		}
	}
	label := fmt.Sprintf("capacity %d profiles", n)
	c := measureIdle(ctx, cfg, label, srv, tokens, func() error { return g.start(cfg) }, ready, nameGateway)
	c.LoadSeconds = g.load.Seconds()
	var problems []string
	if running && c.Complete {
		if st, err := state.Read(state.Path(g.dir)); err != nil || st.GatewayState != state.Running {
			c.Complete = false
			problems = append(problems, fmt.Sprintf("%s: the state file does not say running: %v", label, errOrState(err, st)))
		}
	}
	t := time.Now()
	stopErr := g.stop()
	c.StopSeconds = time.Since(t).Seconds()
	_, lines := g.logs.errorLines()
	return c, append(problems, lines...), stopErr
}

func errOrState(err error, st *state.Gateway) any {
	if err != nil {
		return err
	}
	return st.GatewayState
}

// bareCapacity starts n bare go-telegram/bot bots, idle, on a fresh fake.
func bareCapacity(ctx context.Context, cfg Config, n int) (Capacity, error) {
	srv, tokens := startFake(n)
	defer srv.Close()
	var bb *bareBots
	start := func() error {
		var err error
		bb, err = newBareBots(srv.URL(), tokens, cfg.PollTimeout, 0, func() int64 { return 0 }, cfg.Timeout)
		return err
	}
	c := measureIdle(ctx, cfg, fmt.Sprintf("capacity %d bare bots", n), srv, tokens, start, nil, nameBareBots)
	if bb == nil {
		return c, errors.New("bare bots did not start")
	}
	t := time.Now()
	err := bb.stop(ctx)
	c.StopSeconds = time.Since(t).Seconds()
	return c, err
}

// measureIdle measures the process from just before start until every bot
// of srv polls and ready, if set, reports the system ready; then, after a
// short rest, its idle memory and goroutines.
func measureIdle(ctx context.Context, cfg Config, label string, srv *telegramtest.Server, tokens []string,
	start func() error, ready func(t0 time.Time) (float64, bool), name string) Capacity {
	polls := newPollWatch(srv, tokens)
	settle()
	rss0, _ := procStatus()
	mem0, g0 := goMem(), runtime.NumGoroutine()
	s := startSampler()
	p := startProgress(cfg.Progress, progressSpec{label: label, unit: "polling", total: int64(len(tokens)),
		done: polls.count64, gauges: gaugesOf(s), countName: "goroutines"})
	t0 := time.Now()
	c := Capacity{Name: name, Profiles: len(tokens)}
	err := start()
	c.Complete = err == nil && waitFor(ctx, cfg.Timeout, func() bool { return polls.count() == len(tokens) })
	if c.Complete {
		c.PollingSeconds = lastFirstPoll(srv, tokens).Sub(t0).Seconds()
	}
	if c.Complete && ready != nil {
		c.RunningSeconds, c.Complete = ready(t0)
	}
	time.Sleep(idleSettle)
	settle()
	c.RSSBytes, _ = procStatus()
	c.RSSAddedBytes, c.GoMemAddedBytes = c.RSSBytes-rss0, goMem()-mem0
	c.Goroutines = runtime.NumGoroutine()
	c.GoroutinesAdded = c.Goroutines - g0
	if cfg.Idle != nil && c.Complete {
		cfg.Idle(name, len(tokens))
	}
	p.finish()
	c.PeakRSSBytes, _ = s.finish()
	return c
}

// lastFirstPoll is when the last bot to start polling sent its first
// getUpdates.
func lastFirstPoll(srv *telegramtest.Server, tokens []string) time.Time {
	first := map[string]time.Time{}
	for _, c := range srv.Calls() {
		if _, seen := first[c.Token]; c.Method == "getupdates" && !seen {
			first[c.Token] = c.Start
		}
	}
	var last time.Time
	for _, tok := range tokens {
		if at := first[tok]; at.After(last) {
			last = at
		}
	}
	return last
}
