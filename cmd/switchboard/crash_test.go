package main

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"switchboard/actors/waitfor"
)

// TestCrashNeitherLosesNorDoubles sends 1,000 updates over three bots,
// kills the gateway with SIGKILL part way through, starts it again, and
// checks that every update is answered, with duplicates bounded by the
// sends that can be in flight at once (one per chat per bot).
func TestCrashNeitherLosesNorDoubles(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs the binary three times over")
	}
	const (
		updates = 1000
		chats   = 20
	)
	tokens := []string{tokenDefault, tokenAlpha, tokenBeta}
	for _, killAt := range []int{40, 400, 850} {
		t.Run(fmt.Sprintf("kill after %d replies", killAt), func(t *testing.T) {
			srv := newFakeAPI(t)
			home := threeBotHome(t, srv.URL())
			want := map[string]bool{}
			for i := range updates {
				tok := tokens[i%len(tokens)]
				chat := int64(1000 + i%chats)
				text := fmt.Sprintf("%s#%d", tok[:4], i)
				want[text] = true
				srv.PushText(tok, chat, chat, text)
			}
			sent := func() map[string]int {
				got := map[string]int{}
				for _, tok := range tokens {
					for _, m := range srv.Sent(tok) {
						got[m.Text]++
					}
				}
				return got
			}
			total := func() (n int) {
				for _, tok := range tokens {
					n += len(srv.Sent(tok))
				}
				return n
			}

			cmd, logs := startBinary(t, home)
			waitfor.True(t, 60*time.Second, func() bool { return total() >= killAt }, "only %d replies; logs:\n%s", total(), logs)
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = exitCode(t, cmd, 10*time.Second)
			atKill := total()

			cmd, logs = startBinary(t, home)
			waitfor.True(t, 60*time.Second, func() bool { return len(sent()) == len(want) },
				"after restart %d of %d updates answered; logs:\n%s", len(sent()), len(want), logs)
			_ = cmd.Process.Signal(syscall.SIGTERM)
			if code := exitCode(t, cmd, 20*time.Second); code != 0 {
				t.Fatalf("exit code %d after restart", code)
			}
			dups := 0
			for text, n := range sent() {
				if !want[text] {
					t.Errorf("reply %q answers nothing that was sent", text)
				}
				dups += n - 1
			}
			bound := chats * len(tokens)
			t.Logf("killed after %d replies: %d duplicates (bound %d)", atKill, dups, bound)
			if dups > bound {
				t.Errorf("%d duplicate replies, want at most %d (one in-flight send per chat)", dups, bound)
			}
		})
	}
}
