package loadtest

import (
	"slices"
	"sync/atomic"
	"time"
)

// tracker records, for each message of a run, when it was handed to the
// system and how many answers it got; the first answer's latency is kept.
// Times are nanoseconds since origin plus one, so that zero means never.
type tracker struct {
	origin  time.Time
	sentAt  []atomic.Int64
	latency []atomic.Int64
	replies []atomic.Int32

	answered atomic.Int64 // messages with at least one answer
	last     atomic.Int64 // when the latest first answer came
	stray    atomic.Int64 // answers to no message of the run, or misrouted
}

func newTracker(n int) *tracker {
	return &tracker{origin: time.Now(), sentAt: make([]atomic.Int64, n),
		latency: make([]atomic.Int64, n), replies: make([]atomic.Int32, n)}
}

func (t *tracker) now() int64 { return int64(time.Since(t.origin)) + 1 }

// sent records that message seq is being handed over now.
func (t *tracker) sent(seq int) { t.sentAt[seq].Store(t.now()) }

// reply records an answer to seq and reports whether it is the first.
func (t *tracker) reply(seq int) bool {
	if t.replies[seq].Add(1) != 1 {
		return false
	}
	now := t.now()
	if at := t.sentAt[seq].Load(); at > 0 {
		t.latency[seq].Store(now - at)
	}
	t.last.Store(now)
	t.answered.Add(1)
	return true
}

// at is the moment a tracker time stands for.
func (t *tracker) at(ns int64) time.Time { return t.origin.Add(time.Duration(ns - 1)) }

// tally is what happened to a range of messages.
type tally struct {
	answered, duplicates, missing int
}

// count tallies messages from to to-1.
func (t *tracker) count(from, to int) tally {
	var c tally
	for i := from; i < to; i++ {
		switch n := t.replies[i].Load(); {
		case n == 0:
			c.missing++
		default:
			c.answered++
			c.duplicates += int(n - 1)
		}
	}
	return c
}

// latencies summarises the first-answer latencies of messages from to to-1.
func (t *tracker) latencies(from, to int) Latency {
	ns := make([]int64, 0, to-from)
	for i := from; i < to; i++ {
		if v := t.latency[i].Load(); v > 0 {
			ns = append(ns, v)
		}
	}
	return summarize(ns)
}

// summarize gives the nearest-rank percentiles of ns, in milliseconds.
func summarize(ns []int64) Latency {
	if len(ns) == 0 {
		return Latency{}
	}
	slices.Sort(ns)
	rank := func(q float64) float64 {
		i := int(q*float64(len(ns))+0.999999) - 1
		return ms(ns[min(max(i, 0), len(ns)-1)])
	}
	return Latency{Samples: len(ns), P50: rank(0.50), P99: rank(0.99), P999: rank(0.999), Max: ms(ns[len(ns)-1])}
}

func ms(ns int64) float64 { return float64(ns) / 1e6 }
