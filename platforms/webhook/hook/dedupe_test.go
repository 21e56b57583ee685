package hook

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// call is one call on a Dedupe and the answer Seen must give.
type call struct {
	advance time.Duration // moved on the clock before the call
	forget  bool          // call Forget instead of Seen
	route   string
	id      string
	seen    bool
}

// play plays calls against d, reporting every wrong answer.
func play(t *testing.T, d *Dedupe, clock *fakeClock, calls []call) {
	t.Helper()
	for i, s := range calls {
		clock.Advance(s.advance)
		if s.forget {
			d.Forget(s.route, s.id)
			continue
		}
		if got := d.Seen(s.route, s.id); got != s.seen {
			t.Errorf("call %d: Seen(%q, %q): got %v, want %v", i, s.route, s.id, got, s.seen)
		}
	}
}

func TestDedupe(t *testing.T) {
	const ttl = time.Hour
	tests := []struct {
		name  string
		max   int
		calls []call
	}{
		{"first sight is fresh, second is a duplicate", 10, []call{
			{route: "gh", id: "a", seen: false},
			{route: "gh", id: "a", seen: true},
			{route: "gh", id: "b", seen: false},
		}},
		{"routes are separate", 10, []call{
			{route: "gh", id: "a", seen: false},
			{route: "stripe", id: "a", seen: false},
			{route: "gh", id: "a", seen: true},
		}},
		{"empty id is never a duplicate", 10, []call{
			{route: "gh", id: "", seen: false},
			{route: "gh", id: "", seen: false},
		}},
		{"ttl expiry", 10, []call{
			{route: "gh", id: "a", seen: false},
			{advance: ttl - time.Nanosecond, route: "gh", id: "a", seen: true},
			{advance: time.Nanosecond, route: "gh", id: "a", seen: false},
			{advance: ttl / 2, route: "gh", id: "a", seen: true},
		}},
		{"a duplicate does not extend the ttl", 10, []call{
			{route: "gh", id: "a", seen: false},
			{advance: ttl / 2, route: "gh", id: "a", seen: true},
			{advance: ttl / 2, route: "gh", id: "a", seen: false},
		}},
		{"size bound evicts oldest", 3, []call{
			{route: "gh", id: "a", seen: false},
			{route: "gh", id: "b", seen: false},
			{route: "gh", id: "c", seen: false},
			{route: "gh", id: "d", seen: false},
			{route: "gh", id: "d", seen: true},
			{route: "gh", id: "b", seen: true},
			{route: "gh", id: "a", seen: false}, // evicted by d; now evicts b
			{route: "gh", id: "b", seen: false},
			{route: "other", id: "x", seen: false}, // another route has its own bound
			{route: "gh", id: "a", seen: true},
		}},
		{"forget", 10, []call{
			{route: "gh", id: "a", seen: false},
			{forget: true, route: "gh", id: "a"},
			{route: "gh", id: "a", seen: false},
			{route: "gh", id: "a", seen: true},
			{forget: true, route: "stripe", id: "a"},
			{forget: true, route: "gh", id: "never"},
			{route: "gh", id: "a", seen: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			play(t, NewDedupe(ttl, tt.max, clock.Now), clock, tt.calls)
		})
	}
}

func TestDedupeDefaults(t *testing.T) {
	d := NewDedupe(0, 0, nil)
	if d.ttl != DefaultDedupeTTL || d.max != DefaultDedupeMax {
		t.Fatalf("NewDedupe(0, 0, nil): got ttl %v max %d, want %v %d",
			d.ttl, d.max, DefaultDedupeTTL, DefaultDedupeMax)
	}
	if d.Seen("gh", "a") || !d.Seen("gh", "a") {
		t.Fatal("Seen with the real clock: want fresh then duplicate")
	}
}

// TestDedupeMemoryBound checks that neither many ids nor long ones grow a
// route past its bound, and that a route forgotten empty is dropped.
func TestDedupeMemoryBound(t *testing.T) {
	clock := newFakeClock()
	d := NewDedupe(time.Hour, 5, clock.Now)
	for i := range 100 {
		d.Seen("gh", fmt.Sprintf("%d-%0512d", i, i))
	}
	w := d.routes["gh"]
	if w.order.Len() != 5 || len(w.byKey) != 5 {
		t.Fatalf("after 100 ids: got %d ordered, %d keyed; want 5", w.order.Len(), len(w.byKey))
	}
	d.Seen("tmp", "only")
	d.Forget("tmp", "only")
	if _, ok := d.routes["tmp"]; ok {
		t.Fatal("route emptied by Forget is still held")
	}
}

// TestDedupeConcurrent races 50 goroutines over the same ids: each id must be
// reported fresh to exactly one of them. Run with -race.
func TestDedupeConcurrent(t *testing.T) {
	const goroutines, ids = 50, 200
	d := NewDedupe(time.Hour, ids, nil)
	var fresh [ids]atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for g := range goroutines {
		wg.Go(func() {
			<-start
			for i := range ids {
				id := (i + g*7) % ids // each goroutine starts somewhere else
				if !d.Seen("gh", fmt.Sprint(id)) {
					fresh[id].Add(1)
				}
			}
		})
	}
	close(start)
	wg.Wait()
	for id := range fresh {
		if n := fresh[id].Load(); n != 1 {
			t.Errorf("id %d: reported fresh %d times, want 1", id, n)
		}
	}
}

func TestDedupeConcurrentForget(t *testing.T) {
	d := NewDedupe(time.Hour, 100, nil)
	var wg sync.WaitGroup
	for g := range 50 {
		wg.Go(func() {
			for i := range 100 {
				id := fmt.Sprint(i % 10)
				route := fmt.Sprint("r", g%3)
				if !d.Seen(route, id) && i%2 == 0 {
					d.Forget(route, id)
				}
			}
		})
	}
	wg.Wait()
}
