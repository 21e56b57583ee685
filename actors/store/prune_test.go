package store

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestPruneKeepsUnfinished(t *testing.T) {
	clock := &fakeClock{t: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	s, _ := openTest(t, Options{Now: clock.now})
	ctx := context.Background()
	mustRecord(t, s, "21", items(1, 2, 3))
	mustRecord(t, s, "22", items(1))
	if err := s.Done(ctx, "21", 1); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAside(ctx, "21", 2, "panic"); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Hour)
	mustRecord(t, s, "21", items(4))
	if err := s.Done(ctx, "21", 4); err != nil {
		t.Fatal(err)
	}

	for _, step := range []struct {
		name   string
		cutoff time.Time
		want   int
	}{
		{"cutoff before everything", clock.t.Add(-2 * time.Hour), 0},
		{"cutoff between the batches", clock.t.Add(-time.Minute), 2},
		{"cutoff after everything", clock.t.Add(time.Minute), 1},
		{"again", clock.t.Add(time.Minute), 0},
	} {
		n, err := s.Prune(ctx, step.cutoff)
		if err != nil || n != step.want {
			t.Errorf("%s: pruned %d, %v; want %d", step.name, n, err, step.want)
		}
	}
	if got := unfinishedIDs(t, s, "21"); !slices.Equal(got, []int64{3}) {
		t.Errorf("unfinished after prune: %v, want [3]", got)
	}
	checkCounts(t, s, map[string]Counts{"21": {Pending: 1}, "22": {Pending: 1}})
	if fresh := mustRecord(t, s, "21", items(1, 2, 3, 4)); !slices.Equal(ids(fresh), []int64{1, 2, 4}) {
		t.Errorf("after prune: fresh %v, want the pruned [1 2 4]", ids(fresh))
	}
}

func TestPruneInChunks(t *testing.T) {
	s, _ := openTest(t, Options{})
	ctx := context.Background()
	batch := make([]int64, pruneChunk*2+5)
	for i := range batch {
		batch[i] = int64(i)
	}
	mustRecord(t, s, "23", items(batch...))
	if _, err := s.w.Exec(`UPDATE inbox SET state = 'done'`); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Prune(ctx, time.Now().Add(time.Hour)); err != nil || n != len(batch) {
		t.Errorf("pruned %d, %v; want %d", n, err, len(batch))
	}
}

// TestRestartedIDsAfterRetention covers Telegram restarting update ids: an
// id seen more than the retention ago is new, even if Prune has not run.
func TestRestartedIDsAfterRetention(t *testing.T) {
	clock := &fakeClock{t: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	s, _ := openTest(t, Options{Now: clock.now, Retention: 48 * time.Hour})
	ctx := context.Background()
	mustRecord(t, s, "31", items(10, 11, 12))
	if err := s.Done(ctx, "31", 10); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAside(ctx, "31", 11, "panic"); err != nil {
		t.Fatal(err)
	}

	clock.advance(47 * time.Hour)
	if fresh := mustRecord(t, s, "31", items(10, 11, 12)); len(fresh) != 0 {
		t.Errorf("inside the retention: fresh %v, want none", ids(fresh))
	}
	clock.advance(2 * time.Hour)
	fresh := mustRecord(t, s, "31", items(13, 10, 11, 12))
	if got, want := ids(fresh), []int64{13, 10, 11}; !slices.Equal(got, want) {
		t.Errorf("past the retention: fresh %v, want %v (12 is still pending)", got, want)
	}
	if got, want := unfinishedIDs(t, s, "31"), []int64{12, 13, 10, 11}; !slices.Equal(got, want) {
		t.Errorf("unfinished %v, want recording order %v", got, want)
	}
	checkCounts(t, s, map[string]Counts{"31": {Pending: 4}})
}
