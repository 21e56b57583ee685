package backoff

import (
	"testing"
	"time"
)

func TestCeilingDoublesUpToMax(t *testing.T) {
	p := Policy{Initial: time.Second, Max: 10 * time.Second}
	want := []time.Duration{1, 2, 4, 8, 10, 10}
	for i, w := range want {
		if got := p.Ceiling(i + 1); got != w*time.Second {
			t.Errorf("Ceiling(%d) = %v, want %v", i+1, got, w*time.Second)
		}
	}
	if got := p.Ceiling(1000); got != 10*time.Second {
		t.Errorf("Ceiling(1000) = %v, want the cap", got)
	}
}

func TestDelayStaysInJitterBand(t *testing.T) {
	p := Policy{Initial: time.Second, Max: time.Minute, Jitter: 0.25}
	for _, r := range []float64{0, 0.5, 0.999} {
		got := p.Delay(3, func() float64 { return r })
		lo, hi := 3*time.Second, 4*time.Second
		if got < lo || got > hi {
			t.Errorf("Delay(3) with rnd %v = %v, want within [%v, %v]", r, got, lo, hi)
		}
	}
	if got := p.Delay(3, func() float64 { return 0 }); got != 4*time.Second {
		t.Errorf("Delay with no jitter drawn = %v, want the ceiling 4s", got)
	}
}

func TestNoMaxMeansNoOverflow(t *testing.T) {
	p := Policy{Initial: time.Second}
	if got := p.Ceiling(200); got <= 0 {
		t.Errorf("Ceiling(200) = %v, want a positive duration", got)
	}
}
