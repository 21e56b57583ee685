// Package backoff computes retry delays: exponential, capped and jittered.
// Every retry in Switchboard (adapter restarts, send retries) takes its
// delays from here so that the same settings mean the same thing everywhere.
package backoff

import (
	"context"
	"math"
	"math/rand/v2"
	"time"
)

// Policy describes a capped, jittered exponential backoff. The delay before
// retry n (counting from 1) is Initial·2^(n-1), capped at Max, then reduced
// by a random fraction of at most Jitter, so that retries spread out instead
// of arriving in step.
type Policy struct {
	// Initial is the delay before the first retry.
	Initial time.Duration
	// Max caps every delay.
	Max time.Duration
	// Jitter is the largest fraction (0 to 1) taken off a delay at random.
	Jitter float64
}

// Default is the policy used where none is configured: 1s, 2s, 4s, ...
// up to one minute, each up to 20% shorter.
var Default = Policy{Initial: time.Second, Max: time.Minute, Jitter: 0.2}

// Delay returns the wait before retry n (n ≥ 1). rnd yields numbers in
// [0, 1); nil uses math/rand.
func (p Policy) Delay(n int, rnd func() float64) time.Duration {
	d := p.Ceiling(n)
	if rnd == nil {
		rnd = rand.Float64
	}
	return d - time.Duration(float64(d)*p.jitter()*rnd())
}

// Ceiling is the delay before retry n without jitter: the top of the band
// Delay returns values in. Its bottom is Ceiling·(1-Jitter).
func (p Policy) Ceiling(n int) time.Duration {
	if n < 1 {
		n = 1
	}
	limit := p.Max
	if limit <= 0 {
		limit = math.MaxInt64
	}
	d := p.Initial
	for i := 1; i < n && d < limit; i++ {
		if d > limit/2 {
			d = limit
			break
		}
		d *= 2
	}
	return min(d, limit)
}

func (p Policy) jitter() float64 {
	return min(max(p.Jitter, 0), 1)
}

// Sleep waits for d or until ctx ends, whichever comes first, and returns
// ctx's error in the second case.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
