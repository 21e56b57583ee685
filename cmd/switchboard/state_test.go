package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"switchboard/actors/state"
	"switchboard/actors/waitfor"
	"switchboard/config"
	"switchboard/platforms"
	"switchboard/platforms/listener"
	"switchboard/platforms/telegram/telegramtest"
)

// readState reads a home's state file, or nil when there is none yet.
func readState(home string) *state.Gateway {
	g, err := state.Read(state.Path(home))
	if err != nil {
		return nil
	}
	return g
}

func waitState(t *testing.T, home, want string, logs *logBuffer) *state.Gateway {
	t.Helper()
	var g *state.Gateway
	waitfor.True(t, 15*time.Second, func() bool {
		g = readState(home)
		return g != nil && g.GatewayState == want
	}, "gateway never reached %s; state %+v; logs:\n%s", want, g, logs)
	return g
}

// secretParts returns the part after the colon of each test token.
func secretParts() []string {
	var out []string
	for _, tok := range []string{tokenDefault, tokenAlpha, tokenBeta} {
		out = append(out, tok[strings.IndexByte(tok, ':')+1:])
	}
	return out
}

// TestDuplicateTokenIsDeniedAndNeverLeaks gives the default profile and
// alpha the same bot token. alpha's adapter must not start, the state must
// say why, naming both profiles, and no log line, state file or status
// output may contain any token's secret part.
func TestDuplicateTokenIsDeniedAndNeverLeaks(t *testing.T) {
	srv := newFakeAPI(t)
	home := threeBotHome(t, srv.URL())
	writeFile(t, home, "profiles/alpha/.env", "TELEGRAM_BOT_TOKEN="+tokenDefault+"\n")
	cmd, logs := startBinary(t, home, "--log-level", "debug")
	g := waitState(t, home, state.Degraded, logs)

	alpha := g.Platforms["alpha:telegram"]
	if alpha == nil || alpha.State != state.Fatal || alpha.ErrorCode != "duplicate_credential" {
		t.Fatalf("alpha:telegram = %+v, want fatal duplicate_credential", alpha)
	}
	for _, want := range []string{`"alpha"`, `"default"`, "telegram"} {
		if !strings.Contains(alpha.ErrorMessage, want) {
			t.Errorf("duplicate message %q does not name %s", alpha.ErrorMessage, want)
		}
	}
	for _, key := range []string{"default:telegram", "beta:telegram"} {
		if p := g.Platforms[key]; p == nil || p.State != state.Connected {
			t.Errorf("%s = %+v, want connected", key, p)
		}
	}
	srv.PushText(tokenBeta, 1, 1, "beta still answers")
	waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tokenBeta)) == 1 }, "beta does not answer")

	statusJSON := runStatus(t, home, "--json")
	statusTable := runStatus(t, home)
	if !strings.Contains(statusTable, "duplicate_credential") {
		t.Errorf("status table lacks the duplicate:\n%s", statusTable)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, cmd, 20*time.Second); code != 0 {
		t.Fatalf("exit code %d; logs:\n%s", code, logs)
	}
	stateFile, err := os.ReadFile(state.Path(home))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range secretParts() {
		for name, text := range map[string]string{
			"logs": logs.String(), "state file": string(stateFile),
			"status --json": statusJSON, "status": statusTable,
		} {
			if strings.Contains(text, secret) {
				t.Errorf("%s contains a token's secret part", name)
			}
		}
	}
}

func runStatus(t *testing.T, home string, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(binPath, append([]string{"status", "--home", home}, args...)...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("status: %v\n%s", err, out.String())
	}
	return out.String()
}

// portBindingHome is threeBotHome with alpha also enabling the webhook
// platform, which only the default profile may enable.
func portBindingHome(t *testing.T, srv *telegramtest.Server, policy string) string {
	home := threeBotHome(t, srv.URL())
	gw := "gateway:\n  multiplex_profiles: true\n  on_profile_error: " + policy + "\n"
	writeFile(t, home, "config.yaml", gw+botConfig(srv.URL(), ""))
	writeFile(t, home, "profiles/alpha/config.yaml", botConfig(srv.URL(), "  webhook:\n    enabled: true\n"))
	return home
}

func TestPortBindingInNamedProfileFails(t *testing.T) {
	srv := newFakeAPI(t)
	home := portBindingHome(t, srv, "fail")
	cmd, logs := startBinary(t, home)
	if code := exitCode(t, cmd, 20*time.Second); code != exitConfig {
		t.Fatalf("exit code %d, want %d; logs:\n%s", code, exitConfig, logs)
	}
	g := readState(home)
	if g == nil || g.GatewayState != state.StartupFailed {
		t.Fatalf("state = %+v, want startup_failed", g)
	}
	for _, want := range []string{"alpha", "webhook", "/p/alpha/", "fix:", filepath.Join(home, "config.yaml")} {
		if !strings.Contains(g.ExitReason, want) {
			t.Errorf("exit_reason %q lacks %q", g.ExitReason, want)
		}
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("the fake Bot API got %d calls from a gateway that failed to start", n)
	}
}

func TestPortBindingInNamedProfileSkipped(t *testing.T) {
	srv := newFakeAPI(t)
	home := portBindingHome(t, srv, "skip")
	cmd, logs := startBinary(t, home)
	g := waitState(t, home, state.Degraded, logs)
	if p := g.Platforms["alpha:webhook"]; p == nil || p.State != state.Disabled || !strings.Contains(p.ErrorMessage, "/p/alpha/") {
		t.Errorf("alpha:webhook = %+v, want disabled with the /p/alpha/ fix", p)
	}
	if strings.Contains(strings.Join(g.ServedProfiles, ","), "alpha") {
		t.Errorf("served profiles %v include the skipped alpha", g.ServedProfiles)
	}
	srv.PushText(tokenDefault, 1, 1, "default")
	srv.PushText(tokenBeta, 1, 1, "beta")
	for _, tok := range []string{tokenDefault, tokenBeta} {
		waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tok)) == 1 }, "bot %s silent", tok[:4])
	}
	if srv.CallCount(tokenAlpha, "getUpdates") != 0 {
		t.Errorf("the skipped profile's bot was polled")
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if code := exitCode(t, cmd, 20*time.Second); code != 0 {
		t.Fatalf("exit code %d; logs:\n%s", code, logs)
	}
}

// TestNamedProfileWithOnlyTelegramIsAccepted checks that polling needs no
// listener, so the port-binding rule never rejects it.
func TestNamedProfileWithOnlyTelegramIsAccepted(t *testing.T) {
	srv := newFakeAPI(t)
	out, code := runCheck(t, threeBotHome(t, srv.URL()))
	if code != 0 {
		t.Fatalf("check exit %d:\n%s", code, out)
	}
}

// TestStateTransitionsSeenFromOutside watches the state file of a running
// binary: starting while bots connect, running, draining while replies are
// still being sent after SIGTERM, and stopped after exit.
func TestStateTransitionsSeenFromOutside(t *testing.T) {
	srv := newFakeAPI(t)
	for _, tok := range []string{tokenDefault, tokenAlpha, tokenBeta} {
		srv.Fail(tok, "getMe", telegramtest.Fault{Delay: 700 * time.Millisecond})
	}
	home := threeBotHome(t, srv.URL())
	cmd, logs := startBinary(t, home)
	waitState(t, home, state.Starting, logs)
	waitState(t, home, state.Running, logs)

	srv.Fail(tokenDefault, "sendMessage", telegramtest.Fault{Delay: 700 * time.Millisecond})
	srv.PushText(tokenDefault, 1, 1, "slow reply")
	waitfor.True(t, 10*time.Second, func() bool { return srv.Pending(tokenDefault) == 0 }, "update not taken")
	waitfor.True(t, 10*time.Second, func() bool { return srv.CallCount(tokenDefault, "sendMessage") == 1 },
		"reply not started")
	_ = cmd.Process.Signal(syscall.SIGTERM)
	waitState(t, home, state.Draining, logs)
	if code := exitCode(t, cmd, 20*time.Second); code != 0 {
		t.Fatalf("exit code %d; logs:\n%s", code, logs)
	}
	g := readState(home)
	if g == nil || g.GatewayState != state.Stopped || g.ExitReason == "" {
		t.Fatalf("final state %+v, want stopped with an exit reason", g)
	}
	if len(srv.Sent(tokenDefault)) != 1 {
		t.Errorf("the reply in flight at SIGTERM was not sent")
	}
}

// TestEveryListeningPlatformIsPortBinding builds every built-in platform
// for a profile that enables it and fails when one that serves HTTP routes
// is missing from platforms.PortBinding.
func TestEveryListeningPlatformIsPortBinding(t *testing.T) {
	p := everythingEnabled(t)
	lst, err := listener.Listen(listener.Options{Addr: "127.0.0.1:0", DefaultProfile: p.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer lst.Shutdown(context.Background())
	for _, pl := range builtinPlatforms(nil, lst, p) {
		ad, _, err := pl.Build(p, zerolog.Nop())
		if err != nil || ad == nil {
			t.Fatalf("platform %s: not built for a profile enabling everything (err %v); "+
				"enable it in everythingEnabled", pl.Name, err)
		}
		if _, ok := ad.(platforms.Listener); ok && !platforms.NeedsListener(pl.Name) {
			t.Errorf("platform %s serves HTTP routes but is not in platforms.PortBinding", pl.Name)
		}
	}
}

// everythingEnabled is a profile with every built-in platform enabled.
func everythingEnabled(t *testing.T) *config.Profile {
	t.Helper()
	home := writeHome(t, map[string]string{
		"config.yaml": botConfig("http://127.0.0.1:9", "  webhook:\n    enabled: true\n    routes:\n"+
			"      r:\n        secret: webhook-secret\n"),
		".env": "TELEGRAM_BOT_TOKEN=" + tokenDefault + "\n",
	})
	h, err := config.Load(home, nil, config.LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	return h.Profiles[0]
}

// TestTakenPortIsAStartupFailure occupies the listen address: run exits 1
// and the state file says startup_failed with the reason.
func TestTakenPortIsAStartupFailure(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	home := writeHome(t, map[string]string{"config.yaml": "gateway:\n  listen: " + taken.Addr().String() + "\n"})
	cmd := exec.Command(binPath, "run", "--home", home)
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, cmd, 20*time.Second); code != exitFailed {
		t.Fatalf("exit code %d, want %d", code, exitFailed)
	}
	g := readState(home)
	if g == nil || g.GatewayState != state.StartupFailed || !strings.Contains(g.ExitReason, taken.Addr().String()) {
		t.Errorf("state %+v, want startup_failed naming the address", g)
	}
}
