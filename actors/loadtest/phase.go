package loadtest

import (
	"context"
	"time"
)

// Phases of a message measurement.
const (
	phaseThroughput = "throughput"
	phaseRate       = "rate"
)

// pollEvery is how often a wait checks its condition.
const pollEvery = 5 * time.Millisecond

// phaseStats is what a phase measures around the system: when it began,
// whether every message was answered in time, the allocations made, and
// the peaks of RSS and goroutines.
type phaseStats struct {
	start   time.Time
	ok      bool
	allocs  allocs
	peakRSS int64
	peakG   int
}

// measurePhase runs the phase of messages from to to-1: kick starts it,
// and it lasts until answered(), which counts over the whole run, reaches
// to or cfg.Timeout passes.
func measurePhase(ctx context.Context, cfg Config, label string, from, to int, answered func() int64,
	kick func()) phaseStats {
	settle()
	s := startSampler()
	inPhase := func() int64 { return answered() - int64(from) }
	p := startProgress(cfg.Progress, progressSpec{label: label, unit: "answered", total: int64(to - from),
		done: inPhase, gauges: gaugesOf(s), countName: "goroutines"})
	a0 := readAllocs()
	st := phaseStats{start: time.Now()}
	kick()
	st.ok = waitFor(ctx, cfg.Timeout, func() bool { return answered() >= int64(to) })
	a1 := readAllocs()
	p.finish()
	st.peakRSS, st.peakG = s.finish()
	st.allocs = allocs{mallocs: a1.mallocs - a0.mallocs, bytes: a1.bytes - a0.bytes}
	return st
}

// run builds the Result of a phase from its stats and its messages' fate.
func (st phaseStats) run(name, phase string, messages int, t tally, end time.Time, lat Latency) Result {
	r := Result{Name: name, Phase: phase, Messages: messages, Answered: t.answered, Duplicates: t.duplicates,
		Missing: t.missing, Complete: st.ok && t.missing == 0 && t.duplicates == 0 && t.answered == messages,
		Latency: lat, PeakRSSBytes: st.peakRSS, PeakGoroutines: st.peakG}
	if end.After(st.start) {
		r.Seconds = end.Sub(st.start).Seconds()
		r.Throughput = float64(t.answered) / r.Seconds
	}
	if t.answered > 0 {
		r.AllocsPerMsg = float64(st.allocs.mallocs) / float64(t.answered)
		r.BytesPerMsg = float64(st.allocs.bytes) / float64(t.answered)
	}
	return r
}

// waitFor polls cond until it holds (true), or timeout passes or ctx ends
// (false).
func waitFor(ctx context.Context, timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			return false
		case <-deadline.C:
			return cond()
		case <-tick.C:
		}
	}
	return true
}
