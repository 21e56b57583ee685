package hook

import (
	"crypto/sha256"
	"sync"
	"time"
)

// Dedupe defaults, used when NewDedupe is given zero.
const (
	// DefaultDedupeTTL is how long a delivery id is remembered. Senders retry
	// for hours at most; GitHub's redelivery is manual and within days, and
	// is meant to be answered again after that.
	DefaultDedupeTTL = 24 * time.Hour
	// DefaultDedupeMax is how many delivery ids are remembered per route.
	DefaultDedupeMax = 10_000
)

// Dedupe remembers the delivery ids each route has accepted, so that a sender
// retrying a delivery it thinks was lost does not get it answered twice. Ids
// are kept for a TTL, and at most max per route, dropping the oldest first.
// Memory is bounded by the number of routes times max: pass only configured
// route names. A Dedupe is safe for concurrent use.
type Dedupe struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu     sync.Mutex
	routes map[string]*window
}

// NewDedupe returns a Dedupe keeping ids for ttl, at most max per route, and
// reading the time from now. Zero or negative ttl and max select
// DefaultDedupeTTL and DefaultDedupeMax; a nil now selects time.Now.
func NewDedupe(ttl time.Duration, max int, now func() time.Time) *Dedupe {
	if ttl <= 0 {
		ttl = DefaultDedupeTTL
	}
	if max <= 0 {
		max = DefaultDedupeMax
	}
	if now == nil {
		now = time.Now
	}
	return &Dedupe{ttl: ttl, max: max, now: now, routes: make(map[string]*window)}
}

// Seen reports whether route saw id within the TTL, and records it if not, so
// that exactly one of several concurrent calls with the same id returns false.
// An empty id is never seen and never recorded.
func (d *Dedupe) Seen(route, id string) bool {
	if id == "" {
		return false
	}
	k := deliveryKey(id)
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	w := d.routes[route]
	if w == nil {
		w = newWindow()
		d.routes[route] = w
	}
	w.expire(now.Add(-d.ttl))
	if _, ok := w.byKey[k]; ok {
		return true
	}
	w.add(k, now, d.max)
	return false
}

// Forget removes id from route's memory, so that the sender's retry of a
// delivery the gateway failed to accept is handled rather than dropped.
func (d *Dedupe) Forget(route, id string) {
	if id == "" {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	w := d.routes[route]
	if w == nil {
		return
	}
	w.remove(deliveryKey(id))
	if w.order.Len() == 0 {
		delete(d.routes, route)
	}
}

// deliveryKey is the fixed-size key an id is remembered by, so that a sender
// choosing long ids cannot make the memory grow past its bound.
func deliveryKey(id string) [sha256.Size]byte {
	return sha256.Sum256([]byte(id))
}
