package store

import (
	"context"
	"slices"
	"testing"
)

func TestDurableAcrossReopen(t *testing.T) {
	s, path := openTest(t, Options{})
	ctx := context.Background()
	mustRecord(t, s, "11", items(100, 101, 102))
	if err := s.Done(ctx, "11", 100); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAside(ctx, "11", 101, "panic: nil map"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = reopen(t, path, Options{})
	if fresh := mustRecord(t, s, "11", items(100, 101, 102, 103)); !slices.Equal(ids(fresh), []int64{103}) {
		t.Errorf("after reopen: fresh %v, want [103]", ids(fresh))
	}
	if got, want := unfinishedIDs(t, s, "11"), []int64{102, 103}; !slices.Equal(got, want) {
		t.Errorf("after reopen: unfinished %v, want %v", got, want)
	}
	checkCounts(t, s, map[string]Counts{"11": {Pending: 2, Done: 1, SetAside: 1}})
}

// TestUnfinishedAfterCrash leaves the first handle open, as a crashed process
// leaves its log un-checkpointed, and reads the database through a second.
func TestUnfinishedAfterCrash(t *testing.T) {
	crashed, path := openTest(t, Options{})
	ctx := context.Background()
	got, err := crashed.Record(ctx, "12", items(7, 8, 9))
	if err != nil || len(got) != 3 {
		t.Fatalf("record: %v, %v", ids(got), err)
	}
	if err := crashed.Done(ctx, "12", 8); err != nil {
		t.Fatal(err)
	}

	restarted := reopen(t, path, Options{})
	replay, err := restarted.Unfinished(ctx, "12")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(replay), []int64{7, 9}) {
		t.Fatalf("unfinished after crash: %v, want [7 9]", ids(replay))
	}
	for i, it := range replay {
		want := got[[]int{0, 2}[i]]
		if string(it.Payload) != string(want.Payload) || !it.RecordedAt.Equal(want.RecordedAt) {
			t.Errorf("replayed %d: %q at %v, want %q at %v",
				it.UpdateID, it.Payload, it.RecordedAt, want.Payload, want.RecordedAt)
		}
	}
	if fresh := mustRecord(t, restarted, "12", items(7, 8, 9)); len(fresh) != 0 {
		t.Errorf("redelivery after crash is fresh: %v", ids(fresh))
	}
}
