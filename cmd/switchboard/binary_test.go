package main

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"switchboard/actors/waitfor"
	"switchboard/platforms/telegram/telegramtest"
)

// startBinary runs `switchboard run` on home and returns the process and
// its captured stderr.
func startBinary(t *testing.T, home string, extraArgs ...string) (*exec.Cmd, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	args := append([]string{"run", "--home", home, "--log-format", "json"}, extraArgs...)
	cmd := exec.Command(binPath, args...)
	// Any free port: tests run side by side, and the default port may be
	// taken on a developer's machine.
	cmd.Env = []string{"PATH=/usr/bin:/bin", "SWITCHBOARD_LISTEN=127.0.0.1:0"}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start switchboard: %v", err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, logs
}

// exitCode waits for cmd and returns its exit code.
func exitCode(t *testing.T, cmd *exec.Cmd, within time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatalf("wait: %v", err)
		}
		return 0
	case <-time.After(within):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("switchboard did not exit within %v", within)
		return -1
	}
}

// TestBinarySIGTERMAnswersEverythingTaken runs the built binary against the
// fake Bot API, sends SIGTERM while replies are still being sent, and checks
// that it exits 0 having answered every update it took.
func TestBinarySIGTERMAnswersEverythingTaken(t *testing.T) {
	srv := newFakeAPI(t)
	home := threeBotHome(t, srv.URL())
	cmd, logs := startBinary(t, home)
	tokens := []string{tokenDefault, tokenAlpha, tokenBeta}
	for _, tok := range tokens {
		waitfor.True(t, 10*time.Second, func() bool { return srv.CallCount(tok, "getUpdates") > 0 },
			"bot %s never polled; logs:\n%s", tok[:4], logs)
	}
	// Slow every send down so that SIGTERM lands while replies are in flight.
	const perBot = 5
	for _, tok := range tokens {
		faults := make([]telegramtest.Fault, perBot)
		for i := range faults {
			faults[i] = telegramtest.Fault{Delay: 100 * time.Millisecond}
		}
		srv.Fail(tok, "sendMessage", faults...)
		for i := range perBot {
			srv.PushText(tok, int64(100+i), int64(100+i), fmt.Sprintf("msg %d", i))
		}
	}
	for _, tok := range tokens {
		waitfor.True(t, 10*time.Second, func() bool { return srv.Pending(tok) == 0 },
			"bot %s: updates not taken", tok[:4])
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, cmd, 20*time.Second); code != 0 {
		t.Fatalf("exit code = %d, want 0; logs:\n%s", code, logs)
	}
	for _, tok := range tokens {
		if got := len(srv.Sent(tok)); got != perBot {
			t.Errorf("bot %s: %d replies after SIGTERM, want %d", tok[:4], got, perBot)
		}
	}
	if strings.Contains(logs.String(), "secret-part") {
		t.Errorf("a token's secret part appears in the logs")
	}
}

// TestBinaryCheck runs `switchboard check` on good and broken homes.
func TestBinaryCheck(t *testing.T) {
	good := writeHome(t, map[string]string{
		"config.yaml": botConfig("http://127.0.0.1:9", ""),
		".env":        "TELEGRAM_BOT_TOKEN=" + tokenDefault + "\n",
	})
	out, code := runCheck(t, good)
	if code != 0 {
		t.Fatalf("check on a good home: exit %d, output:\n%s", code, out)
	}
	broken := writeHome(t, map[string]string{
		"config.yaml":                   "gateway:\n  multiplex_profiles: true\n  drain_timeot: 5s\n",
		"profiles/Bad Name/config.yaml": "",
		"profiles/alpha/config.yaml":    "platforms:\n  telegram:\n    enabled: true\n",
		"profiles/beta/config.yaml":     "platforms: [unclosed\n",
	})
	out, code = runCheck(t, broken)
	if code != exitConfig {
		t.Fatalf("check on a broken home: exit %d, want %d; output:\n%s", code, exitConfig, out)
	}
	for _, want := range []string{
		"config.yaml", "gateway.drain_timeot", "drain_timeout", // unknown key with suggestion
		"Bad Name",                                                                     // invalid profile directory
		"profiles/alpha/config.yaml", "platforms.telegram.token", "TELEGRAM_BOT_TOKEN", // missing token
		"profiles/beta/config.yaml", // bad YAML
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
}

func runCheck(t *testing.T, home string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(binPath, "check", "--home", home)
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	code := exitCode(t, cmd, 30*time.Second)
	return out.String(), code
}
