package main

import (
	"fmt"
	"testing"
	"time"

	"switchboard/actors/state"
	"switchboard/actors/waitfor"
	"switchboard/platforms/telegram/telegramtest"
)

// fastRestarts makes restart backoff short enough for tests.
const fastRestarts = "    restart:\n      initial: 50ms\n      max: 400ms\n      jitter_percent: 20\n"

// TestFaultsAreRiddenOut scripts one kind of Bot API failure per case on
// the polling side and checks that every message is still answered, the
// adapter restarted, and no token was polled twice at once.
func TestFaultsAreRiddenOut(t *testing.T) {
	cases := []struct {
		name   string
		faults []telegramtest.Fault
	}{
		{"5xx", []telegramtest.Fault{{Code: 502, Raw: "<html>Bad Gateway</html>"}, {Code: 500, Description: "Internal Server Error"}}},
		{"reset", []telegramtest.Fault{{Reset: true}, {Reset: true}}},
		{"hang", []telegramtest.Fault{{Hang: true}}},
		{"429", []telegramtest.Fault{{RetryAfter: 1}}},
		{"409", []telegramtest.Fault{{Code: 409, Description: "Conflict: terminated by other getUpdates request"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeAPI(t)
			home := writeHome(t, map[string]string{
				"config.yaml": botConfig(srv.URL(), fastRestarts),
				".env":        "TELEGRAM_BOT_TOKEN=" + tokenDefault + "\n",
			})
			gw, logs := startHome(t, home)
			waitfor.True(t, 10*time.Second, func() bool { return srv.CallCount(tokenDefault, "getUpdates") > 0 },
				"never polled")
			srv.Fail(tokenDefault, "getUpdates", tc.faults...)
			// Wake the poll in flight so that the next polls meet the faults,
			// then send while they play out.
			srv.PushText(tokenDefault, 9, 9, "kick")
			waitfor.True(t, 10*time.Second, func() bool { return faulted(srv, tokenDefault) > 0 }, "no fault met")
			for i := range 5 {
				srv.PushText(tokenDefault, int64(10+i), int64(10+i), fmt.Sprintf("m%d", i))
			}
			waitfor.True(t, 30*time.Second, func() bool { return len(srv.Sent(tokenDefault)) == 6 },
				"%d of 6 answered; logs:\n%s", len(srv.Sent(tokenDefault)), logs)
			stopGateway(t, gw)
			if n := countLines(logs, "adapter failed; it will be restarted after a backoff"); n == 0 {
				t.Errorf("the fault did not restart the adapter")
			}
			g := readState(home)
			if p := g.Platforms["default:telegram"]; p == nil || p.Restarts == 0 || p.LastError == "" ||
				p.LastProgressAt == nil {
				t.Errorf("default:telegram status %+v, want restarts, last error and last progress", p)
			}
		})
	}
}

// TestUnauthorizedParksTheBot revokes a token and checks that the bot is
// parked as fatal after one call, with no retry storm, while the state
// file says why.
func TestUnauthorizedParksTheBot(t *testing.T) {
	srv := newFakeAPI(t)
	home := threeBotHome(t, srv.URL())
	writeFile(t, home, "profiles/alpha/config.yaml", botConfig(srv.URL(), fastRestarts))
	srv.RemoveBot(tokenAlpha)
	cmd, logs := startBinary(t, home)
	g := waitState(t, home, state.Degraded, logs)
	if p := g.Platforms["alpha:telegram"]; p == nil || p.State != state.Fatal || p.ErrorCode != "unauthorized" {
		t.Fatalf("alpha:telegram = %+v, want fatal unauthorized", p)
	}
	calls := callsFor(srv, tokenAlpha)
	time.Sleep(time.Second) // several restart periods of alpha's backoff
	if n := callsFor(srv, tokenAlpha); n != calls || n != 1 {
		t.Errorf("a revoked token got %d calls (%d at first), want exactly 1", n, calls)
	}
	srv.PushText(tokenBeta, 1, 1, "beta")
	waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tokenBeta)) == 1 }, "beta silent")
	_ = cmd.Process.Kill()
}

// faulted counts the calls for token that met a scripted fault.
func faulted(srv *telegramtest.Server, token string) int {
	n := 0
	for _, c := range srv.Calls() {
		if c.Token == token && c.Faulted {
			n++
		}
	}
	return n
}
