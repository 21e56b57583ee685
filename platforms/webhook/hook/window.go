package hook

import (
	"container/list"
	"crypto/sha256"
	"time"
)

// window is one route's remembered delivery ids, oldest first.
type window struct {
	order *list.List // of *delivery, in the order they were recorded
	byKey map[[sha256.Size]byte]*list.Element
}

// delivery is one remembered id and when it was recorded.
type delivery struct {
	key [sha256.Size]byte
	at  time.Time
}

func newWindow() *window {
	return &window{order: list.New(), byKey: make(map[[sha256.Size]byte]*list.Element)}
}

// expire drops the ids recorded at or before cutoff. Ids are recorded in time
// order, so it stops at the first one that is still fresh.
func (w *window) expire(cutoff time.Time) {
	for e := w.order.Front(); e != nil; e = w.order.Front() {
		if e.Value.(*delivery).at.After(cutoff) {
			return
		}
		w.drop(e)
	}
}

// add records k at time at, dropping the oldest ids beyond max.
func (w *window) add(k [sha256.Size]byte, at time.Time, max int) {
	w.byKey[k] = w.order.PushBack(&delivery{key: k, at: at})
	for w.order.Len() > max {
		w.drop(w.order.Front())
	}
}

// remove forgets k if it is remembered.
func (w *window) remove(k [sha256.Size]byte) {
	if e, ok := w.byKey[k]; ok {
		w.drop(e)
	}
}

// drop forgets the id at e.
func (w *window) drop(e *list.Element) {
	delete(w.byKey, e.Value.(*delivery).key)
	w.order.Remove(e)
}
