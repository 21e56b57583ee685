package store

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		os.Exit(runKillChild(path, os.Getenv(childModeEnv)))
	}
	goleak.VerifyTestMain(m)
}

// fakeClock is a settable clock for retention tests.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// openTest opens a fresh database in a temporary directory and closes it
// when the test ends.
func openTest(t testing.TB, opts Options) (*SQLite, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "home", "switchboard.db")
	s := reopen(t, path, opts)
	return s, path
}

// reopen opens path and closes it when the test ends (a second Close is
// harmless).
func reopen(t testing.TB, path string, opts Options) *SQLite {
	t.Helper()
	s, err := OpenWith(path, opts)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// items builds updates with the given ids and a small JSON payload each.
func items(ids ...int64) []Item {
	out := make([]Item, len(ids))
	for i, id := range ids {
		out[i] = Item{UpdateID: id, Payload: payload(id)}
	}
	return out
}

// payload is a Telegram-like update body for id.
func payload(id int64) []byte {
	return []byte(`{"update_id":` + strconv.FormatInt(id, 10) +
		`,"message":{"message_id":1,"chat":{"id":42,"type":"private"},"text":"hello"}}`)
}

// ids lists the update ids of items.
func ids(items []Item) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.UpdateID
	}
	return out
}

// mustRecord records and fails the test on error.
func mustRecord(t testing.TB, s Inbox, bot string, batch []Item) []Item {
	t.Helper()
	fresh, err := s.Record(context.Background(), bot, batch)
	if err != nil {
		t.Fatalf("record %v: %v", ids(batch), err)
	}
	return fresh
}

// unfinishedIDs returns the ids Unfinished reports for bot.
func unfinishedIDs(t testing.TB, s Inbox, bot string) []int64 {
	t.Helper()
	got, err := s.Unfinished(context.Background(), bot)
	if err != nil {
		t.Fatalf("unfinished: %v", err)
	}
	return ids(got)
}
