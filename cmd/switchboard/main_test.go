package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// binPath is the switchboard binary built once for the tests that run it
// as a separate process.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "switchboard-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binPath = filepath.Join(dir, "switchboard")
	build := exec.Command("go", "build", "-o", binPath, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build switchboard:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	if code == 0 {
		if err := goleak.Find(protoactorThrottle); err != nil {
			fmt.Fprintln(os.Stderr, "goroutines left after the tests:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// protoactorThrottle ignores protoactor's dead-letter log throttle: a
// goroutine of the library's own that lives one throttle period (1s) after
// a message reaches a stopped actor, then ends by itself.
var protoactorThrottle = goleak.IgnoreTopFunction(
	"github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1")

// writeHome lays out a home directory from a map of relative path → body.
func writeHome(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, body := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeFile replaces one file of a home directory.
func writeFile(t *testing.T, dir, rel, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, rel), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// botConfig is a profile config.yaml for one Telegram bot on the fake API.
func botConfig(apiURL, extra string) string {
	return fmt.Sprintf(`platforms:
  telegram:
    enabled: true
    token: ${TELEGRAM_BOT_TOKEN}
    api_url: %s
    poll_timeout: 1s
    allow_all: true
%s`, apiURL, extra)
}

// logBuffer collects JSON log lines written concurrently.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// field returns the values of one field over the log lines whose message
// is msg.
func (l *logBuffer) field(msg, field string) []string {
	var out []string
	for _, line := range strings.Split(l.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != msg {
			continue
		}
		if v, ok := rec[field].(string); ok {
			out = append(out, v)
		}
	}
	return out
}

// countLines counts the log lines whose message is msg.
func countLines(l *logBuffer, msg string) int {
	n := 0
	for _, line := range strings.Split(l.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == msg {
			n++
		}
	}
	return n
}
