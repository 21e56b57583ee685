package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"switchboard/actors/loadtest"
)

// TestLoadtestSmoke runs `switchboard loadtest --json` small, in mailbox
// and in e2e mode (the binary's own Telegram wiring, the durable inbox on,
// the fake Bot API on 127.0.0.1), and checks that every message was
// answered exactly once and that the JSON report parses. It never asserts
// speed: the figures belong to docs/BENCHMARKS.md.
func TestLoadtestSmoke(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want map[string]int // messages by "<run>/<phase>"
	}{
		{"mailbox", []string{"--mode", "mailbox", "--profiles", "4", "--chats", "10", "--messages", "10",
			"--rate", "500", "--duration", "200ms"},
			map[string]int{"chain/throughput": 400, "chain/rate": 100, "mailbox/throughput": 400, "mailbox/rate": 100}},
		{"e2e", []string{"--mode", "e2e", "--bots", "2", "--chats", "2", "--messages", "2",
			"--rate", "20", "--duration", "250ms", "--poll-timeout", "2s"},
			map[string]int{"bare_bots/throughput": 8, "bare_bots/rate": 5, "e2e/throughput": 8, "e2e/rate": 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"loadtest", "--json", "--timeout", "60s"}, tc.args...)
			if code := runMain(args, nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d; stderr:\n%s\nstdout:\n%s", code, stderr.String(), stdout.String())
			}
			var rep loadtest.Report
			if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
				t.Fatalf("report is not JSON: %v\n%s", err, stdout.String())
			}
			got := map[string]string{}
			for _, r := range rep.Runs {
				got[r.Name+"/"+r.Phase] = fmt.Sprintf("%d of %d answered, %d duplicates", r.Answered, r.Messages,
					r.Duplicates)
			}
			for run, n := range tc.want {
				if want := fmt.Sprintf("%d of %d answered, 0 duplicates", n, n); got[run] != want {
					t.Errorf("%s: %q, want %q", run, got[run], want)
				}
			}
			if len(got) != len(tc.want) || len(rep.Errors) > 0 {
				t.Errorf("runs %v, problems %v; want exactly %v and no problems", got, rep.Errors, tc.want)
			}
			if !strings.Contains(stderr.String(), "answered") {
				t.Errorf("no progress line on stderr:\n%s", stderr.String())
			}
		})
	}
}

func TestLoadtestRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--mode", "soak"},
		{"--capacity", "1,lots"},
		{"--bots", "-3"},
		{"extra"},
	} {
		var stdout, stderr bytes.Buffer
		if code := runMain(append([]string{"loadtest"}, args...), nil, &stdout, &stderr); code == exitOK {
			t.Errorf("loadtest %v: exit 0, want a failure", args)
		}
	}
}
