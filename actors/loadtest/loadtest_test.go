package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// protoactor's dead-letter log throttle lives one period (1s) after a
	// message reaches a stopped actor and then ends by itself.
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction(
		"github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"))
}

// TestLoadtestLayoutFeedsEveryMessageOnce follows the throughput phase's
// feeding rule: the first window of every chat, then one message per
// answer. Every message must be fed exactly once, in its own chat.
func TestLoadtestLayoutFeedsEveryMessageOnce(t *testing.T) {
	for _, l := range []layout{
		{profiles: 3, chats: 4, messages: 10, window: 3},
		{profiles: 1, chats: 1, messages: 5, window: 8},
		{profiles: 2, chats: 3, messages: 1, window: 1},
	} {
		fed := make([]int, l.burst())
		var queue []int
		for p := range l.profiles {
			for c := range l.chats {
				for j := range min(l.window, l.messages) {
					queue = append(queue, (p*l.chats+c)*l.messages+j)
				}
			}
		}
		for len(queue) > 0 {
			seq := queue[0]
			queue = queue[1:]
			fed[seq]++
			next, ok := l.next(seq)
			if !ok {
				continue
			}
			p1, c1 := l.place(seq)
			if p2, c2 := l.place(next); p1 != p2 || c1 != c2 {
				t.Fatalf("%+v: next(%d) = %d moves from chat %d/%d to %d/%d", l, seq, next, p1, c1, p2, c2)
			}
			queue = append(queue, next)
		}
		for seq, n := range fed {
			if n != 1 {
				t.Errorf("%+v: message %d fed %d times, want 1", l, seq, n)
			}
		}
	}
}

func TestLoadtestPercentilesAreNearestRank(t *testing.T) {
	ns := make([]int64, 1000)
	for i := range ns {
		ns[len(ns)-1-i] = int64(i+1) * 1e6 // 1..1000 ms, reversed
	}
	got := summarize(ns)
	want := Latency{Samples: 1000, P50: 500, P99: 990, P999: 999, Max: 1000}
	if got != want {
		t.Errorf("summarize = %+v, want %+v", got, want)
	}
	if got := summarize(nil); got != (Latency{}) {
		t.Errorf("summarize(nil) = %+v, want zero", got)
	}
}

func TestLoadtestConfigBounds(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"defaults", Config{}, true},
		{"unknown mode", Config{Mode: "soak"}, false},
		{"negative chats", Config{Chats: -1}, false},
		{"too many bots", Config{Mode: ModeE2E, Bots: maxBots + 1}, false},
		{"too many mailbox messages", Config{Mode: ModeMailbox, Profiles: 10_000, Chats: 1000, Messages: 10}, false},
		{"capacity out of range", Config{Capacity: []int{0}}, false},
		{"poll timeout over the Bot API's", Config{PollTimeout: time.Minute}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.cfg.withDefaults()
			if (err == nil) != tc.ok {
				t.Errorf("withDefaults() error = %v, want ok %v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrConfig) {
				t.Errorf("error %v does not wrap ErrConfig", err)
			}
		})
	}
}

// TestLoadtestRefusesARealBotAPI checks that no home the load test writes
// or loads can point a bot anywhere but a fake on 127.0.0.1.
func TestLoadtestRefusesARealBotAPI(t *testing.T) {
	dir := t.TempDir()
	tokens := []string{botToken(1)}
	if err := writeHome(dir, "https://api.telegram.org", tokens, time.Second); err == nil {
		t.Fatal("writeHome accepted the public Bot API")
	}
	if err := writeHome(dir, "http://127.0.0.1:1", tokens, time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := loadHome(dir, "http://127.0.0.1:2"); err == nil {
		t.Error("loadHome accepted a home whose bots talk to another server than the fake")
	}
	if _, err := newBareBots("https://api.telegram.org", tokens, time.Second, 0, nil, time.Second); err == nil {
		t.Error("bare bots accepted the public Bot API")
	}
}

// TestLoadtestMailboxAnswersEveryMessageOnce runs a small mailbox test and
// checks its accounting, never its speed.
func TestLoadtestMailboxAnswersEveryMessageOnce(t *testing.T) {
	rep, err := Run(context.Background(), Config{Mode: ModeMailbox, Profiles: 3, Chats: 7, Messages: 11,
		Window: 3, Rate: 400, Duration: 250 * time.Millisecond, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	wantRuns(t, rep, map[string]int{"chain/throughput": 231, "chain/rate": 100,
		"mailbox/throughput": 231, "mailbox/rate": 100})
	var table bytes.Buffer
	if err := rep.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table.String(), "mailbox throughput vs the bare three-actor chain") {
		t.Errorf("table has no mailbox target:\n%s", table.String())
	}
}

// TestLoadtestCapacityMeasuresIdleBots runs two tiny capacity stages with
// a short poll so that the gateway reaches running quickly.
func TestLoadtestCapacityMeasuresIdleBots(t *testing.T) {
	var idle []string
	rep, err := Run(context.Background(), Config{Mode: ModeCapacity, Capacity: []int{1, 3},
		PollTimeout: time.Second, Timeout: 30 * time.Second,
		Idle: func(name string, n int) { idle = append(idle, name) }})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Complete() || len(rep.Capacity) != 3 {
		t.Fatalf("capacity = %+v, problems %v; want three complete stages", rep.Capacity, rep.Errors)
	}
	last := rep.Capacity[1]
	if last.Name != nameGateway || last.Profiles != 3 || last.RunningSeconds <= 0 || last.GoroutinesAdded <= 0 {
		t.Errorf("largest gateway stage = %+v, want 3 profiles with a time to running and goroutines", last)
	}
	if bare := rep.Capacity[2]; bare.Name != nameBareBots || bare.Profiles != 3 {
		t.Errorf("baseline stage = %+v, want 3 bare bots", bare)
	}
	if strings.Join(idle, ",") != "gateway,gateway,bare_bots" {
		t.Errorf("Idle called for %v, want each stage once", idle)
	}
}

// wantRuns checks that the report holds exactly the runs named
// "<name>/<phase>" with their message counts, each answered exactly once,
// and that it survives a JSON round trip.
func wantRuns(t *testing.T, rep *Report, want map[string]int) {
	t.Helper()
	if len(rep.Runs) != len(want) {
		t.Fatalf("%d runs, want %d: %+v", len(rep.Runs), len(want), rep.Runs)
	}
	for _, r := range rep.Runs {
		n, ok := want[r.Name+"/"+r.Phase]
		if !ok || r.Messages != n || r.Answered != n || r.Duplicates != 0 || !r.Complete {
			t.Errorf("run %s/%s = %d of %d answered, %d duplicates, complete %v; want %d exactly once",
				r.Name, r.Phase, r.Answered, r.Messages, r.Duplicates, r.Complete, n)
		}
	}
	if len(rep.Errors) > 0 {
		t.Errorf("problems: %v", rep.Errors)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil || len(back.Runs) != len(rep.Runs) {
		t.Errorf("JSON round trip: %v, %d runs", err, len(back.Runs))
	}
}
