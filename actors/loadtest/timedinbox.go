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
	records  []inboxCall
	dones    []inboxCall
}

// inboxCall is one Record or Done call: when it began and how long it took.
type inboxCall struct {
	at  time.Time
	dur time.Duration
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
	fresh, err := t.Inbox.Record(ctx, bot, items)
	t.note(&t.records, now)
	return fresh, err
}

// Done counts the update as done, then marks it so.
func (t *timedInbox) Done(ctx context.Context, bot string, updateID int64) error {
	now := time.Now()
	t.mu.Lock()
	t.done[updateKey{bot, updateID}]++
	t.mu.Unlock()
	err := t.Inbox.Done(ctx, bot, updateID)
	t.note(&t.dones, now)
	return err
}

// note records a call that began at start and ends now.
func (t *timedInbox) note(calls *[]inboxCall, start time.Time) {
	dur := time.Since(start)
	t.mu.Lock()
	defer t.mu.Unlock()
	*calls = append(*calls, inboxCall{at: start, dur: dur})
}

// latencies summarises the Record and the Done calls begun from from to to.
func (t *timedInbox) latencies(from, to time.Time) (record, done Latency) {
	t.mu.Lock()
	defer t.mu.Unlock()
	pick := func(calls []inboxCall) Latency {
		var ns []int64
		for _, c := range calls {
			if !c.at.Before(from) && !c.at.After(to) {
				ns = append(ns, int64(c.dur))
			}
		}
		return summarize(ns)
	}
	return pick(t.records), pick(t.dones)
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
