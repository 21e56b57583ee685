package loadtest

import (
	"context"
	"sync"
	"time"

	"switchboard/actors/store"
)

// updateKey names one update of one bot.
type updateKey struct {
	bot string
	id  int64
}

// timedInbox is the gateway's real SQLite inbox with a stopwatch: it notes
// when each update first reached Record, the moment the poller holds the
// decoded getUpdates answer and before anything durable happens, and how
// often each update was marked done. Everything else goes straight to the
// store.
type timedInbox struct {
	store.Inbox
	mu       sync.Mutex
	received map[updateKey]time.Time
	done     map[updateKey]int
}

func newTimedInbox(in store.Inbox) *timedInbox {
	return &timedInbox{Inbox: in, received: map[updateKey]time.Time{}, done: map[updateKey]int{}}
}

// Record notes the time, then records the batch.
func (t *timedInbox) Record(ctx context.Context, bot string, items []store.Item) ([]store.Item, error) {
	now := time.Now()
	t.mu.Lock()
	for _, it := range items {
		k := updateKey{bot, it.UpdateID}
		if _, ok := t.received[k]; !ok {
			t.received[k] = now
		}
	}
	t.mu.Unlock()
	return t.Inbox.Record(ctx, bot, items)
}

// Done counts the update as done, then marks it so.
func (t *timedInbox) Done(ctx context.Context, bot string, updateID int64) error {
	t.mu.Lock()
	t.done[updateKey{bot, updateID}]++
	t.mu.Unlock()
	return t.Inbox.Done(ctx, bot, updateID)
}

// receivedAt returns when an update first reached Record.
func (t *timedInbox) receivedAt(k updateKey) (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	at, ok := t.received[k]
	return at, ok
}

// doneCount returns how often an update was marked done.
func (t *timedInbox) doneCount(k updateKey) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.done[k]
}
