package store

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRecordDedupe(t *testing.T) {
	clock := &fakeClock{t: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	s, _ := openTest(t, Options{Now: clock.now})
	steps := []struct {
		name  string
		batch []int64
		want  []int64
	}{
		{"first batch is fresh", []int64{5, 6}, []int64{5, 6}},
		{"same id again is not fresh", []int64{6, 7}, []int64{7}},
		{"lower id after higher is fresh", []int64{3}, []int64{3}},
		{"duplicate inside a batch counts once", []int64{8, 8, 9}, []int64{8, 9}},
		{"whole batch redelivered", []int64{3, 5, 6, 7, 8, 9}, []int64{}},
	}
	for _, st := range steps {
		fresh := mustRecord(t, s, "1001", items(st.batch...))
		if got := ids(fresh); !slices.Equal(got, st.want) {
			t.Errorf("%s: fresh %v, want %v", st.name, got, st.want)
		}
		for _, it := range fresh {
			if !it.RecordedAt.Equal(clock.t) {
				t.Errorf("%s: RecordedAt %v, want %v", st.name, it.RecordedAt, clock.t)
			}
			if !bytes.Equal(it.Payload, payload(it.UpdateID)) {
				t.Errorf("%s: payload %q", st.name, it.Payload)
			}
		}
	}
	if got := mustRecord(t, s, "2002", items(5)); len(got) != 1 {
		t.Errorf("same id for another bot: fresh %v, want [5]", ids(got))
	}
	want := []int64{5, 6, 7, 3, 8, 9}
	if got := unfinishedIDs(t, s, "1001"); !slices.Equal(got, want) {
		t.Errorf("unfinished %v, want recording order %v", got, want)
	}
}

func TestRecordEdges(t *testing.T) {
	s, _ := openTest(t, Options{})
	ctx := context.Background()
	if fresh, err := s.Record(ctx, "1", nil); err != nil || fresh != nil {
		t.Errorf("empty batch: got %v, %v; want nil, nil", fresh, err)
	}
	fresh := mustRecord(t, s, "1", []Item{{UpdateID: 1}})
	if len(fresh) != 1 {
		t.Fatalf("nil payload: fresh %v", ids(fresh))
	}
	got, err := s.Unfinished(ctx, "1")
	if err != nil || len(got) != 1 || len(got[0].Payload) != 0 {
		t.Errorf("nil payload read back as %v, %v", got, err)
	}
}

func TestBotKeyMustBeID(t *testing.T) {
	s, _ := openTest(t, Options{})
	ctx := context.Background()
	const token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
	for _, bot := range []string{token, "", "abc", "12 3", "123456789012345678901"} {
		calls := map[string]error{}
		_, calls["record"] = s.Record(ctx, bot, items(1))
		calls["done"] = s.Done(ctx, bot, 1)
		calls["set aside"] = s.SetAside(ctx, bot, 1, "x")
		_, calls["unfinished"] = s.Unfinished(ctx, bot)
		for op, err := range calls {
			if !errors.Is(err, ErrBadBotID) {
				t.Errorf("%s(%q): got %v, want ErrBadBotID", op, bot, err)
			}
			if err != nil && strings.Contains(err.Error(), "AAHdq") {
				t.Errorf("%s: error leaks the token: %v", op, err)
			}
		}
	}
	counts, err := s.Count(ctx)
	if err != nil || len(counts) != 0 {
		t.Errorf("count after refused calls: %v, %v; want empty", counts, err)
	}
}

func TestDoneAndSetAside(t *testing.T) {
	s, _ := openTest(t, Options{})
	ctx := context.Background()
	mustRecord(t, s, "7", items(1, 2, 3, 4))
	const reason = "panic: boom near 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
	for _, step := range []struct {
		name string
		err  error
	}{
		{"done 1", s.Done(ctx, "7", 1)},
		{"done 1 again", s.Done(ctx, "7", 1)},
		{"set aside 2", s.SetAside(ctx, "7", 2, reason)},
		{"set aside done 1", s.SetAside(ctx, "7", 1, "late")},
		{"done set-aside 2", s.Done(ctx, "7", 2)},
	} {
		if step.err != nil {
			t.Errorf("%s: %v", step.name, step.err)
		}
	}
	if err := s.Done(ctx, "7", 99); !errors.Is(err, ErrUnknownUpdate) {
		t.Errorf("done unknown: got %v, want ErrUnknownUpdate", err)
	}
	if err := s.SetAside(ctx, "8", 1, "x"); !errors.Is(err, ErrUnknownUpdate) {
		t.Errorf("set aside for other bot: got %v, want ErrUnknownUpdate", err)
	}
	if got, want := unfinishedIDs(t, s, "7"), []int64{3, 4}; !slices.Equal(got, want) {
		t.Errorf("unfinished %v, want %v", got, want)
	}
	if fresh := mustRecord(t, s, "7", items(1, 2)); len(fresh) != 0 {
		t.Errorf("finished updates recorded again as fresh: %v", ids(fresh))
	}
	checkCounts(t, s, map[string]Counts{"7": {Pending: 2, Done: 1, SetAside: 1}})
	var stored string
	if err := s.r.QueryRow(`SELECT reason FROM inbox WHERE bot = '7' AND update_id = 2`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, "AAHdq") || !strings.Contains(stored, "panic: boom near 123456789:") {
		t.Errorf("stored reason %q: want the token's secret redacted and the rest kept", stored)
	}
}

func TestReasonIsBounded(t *testing.T) {
	long := strings.Repeat("é", maxReason)
	got := cleanReason(long)
	if len(got) > maxReason+len("…") || !strings.HasSuffix(got, "…") {
		t.Errorf("cleanReason kept %d bytes", len(got))
	}
	if !strings.HasPrefix(got, "éé") || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("cleanReason cut a rune in half")
	}
}

// checkCounts compares Count with want.
func checkCounts(t *testing.T, s Inbox, want map[string]Counts) {
	t.Helper()
	got, err := s.Count(context.Background())
	if err != nil {
		t.Fatalf("count: %v", err)
	}
	if len(got) != len(want) {
		t.Errorf("count: got %v, want %v", got, want)
	}
	for bot, w := range want {
		if got[bot] != w {
			t.Errorf("count[%s]: got %+v, want %+v", bot, got[bot], w)
		}
	}
}
