package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"switchboard/actors"
	"switchboard/actors/agent"
	"switchboard/actors/metrics"
	"switchboard/actors/waitfor"
	"switchboard/config"
)

// Keys of the API test homes.
const (
	keyDefault = "default-key-0123456789abcdef"
	keyAlpha   = "alpha-key-0123456789abcdef"
)

// apiHome serves the API for the default profile and two named profiles:
// alpha with a key of its own, beta with none.
func apiHome(t *testing.T, gateway string) string {
	return writeHome(t, map[string]string{
		"config.yaml":                "gateway:\n  listen: 127.0.0.1:0\n" + gateway,
		".env":                       "API_SERVER_KEY=" + keyDefault + "\n",
		"profiles/alpha/config.yaml": "",
		"profiles/alpha/.env":        "API_SERVER_KEY=" + keyAlpha + "\n",
		"profiles/beta/config.yaml":  "",
	})
}

// startAPI runs a gateway with its listener in this process and returns
// the listener's base URL.
func startAPI(t *testing.T, dir string) string {
	t.Helper()
	base, _ := startAPIWith(t, dir, nil)
	return base
}

// startAPIWith is startAPI with another agent (nil: the configured one).
// It also returns the gateway, which the test may stop itself; cleanup
// stops it otherwise.
func startAPIWith(t *testing.T, dir string, newAgent func(config.Agent) (agent.Agent, error)) (string, *actors.Gateway) {
	t.Helper()
	home, err := config.Load(dir, nil, config.LoadOptions{Strict: true})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	log := zerolog.Nop()
	m := metrics.New()
	lst, err := startListener(home, nil, m, log)
	if err != nil {
		t.Fatal(err)
	}
	db, err := openStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	gw, err := actors.Start(home, actors.Options{Log: log, Platforms: builtinPlatforms(db, lst, home.Profiles[0]),
		Metrics: m, NewAgent: newAgent})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := gw.Stop("test"); err != nil && !errors.Is(err, actors.ErrDrainTimeout) {
			t.Error(err)
		}
		stopListener(lst, log)
		db.Close()
	})
	base := "http://" + lst.Addr()
	for _, p := range home.Profiles {
		prefix := "/p/" + p.Name
		if p.Name == config.DefaultProfile {
			prefix = ""
		}
		waitfor.True(t, 5*time.Second, func() bool {
			resp, err := http.Get(base + prefix + "/v1/models")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode != http.StatusNotFound
		}, "profile %s never mounted its API", p.Name)
	}
	return base, gw
}

// chat posts one chat completion and returns the status and body.
func chat(t *testing.T, url, key, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(data)
}

const hello = `{"model":"switchboard","messages":[{"role":"user","content":"hello there"}]}`

// TestAPIKeysAreBoundToTheirProfile checks that each prefix takes only its
// own profile's key, and that a profile without a key refuses everyone.
func TestAPIKeysAreBoundToTheirProfile(t *testing.T) {
	base := startAPI(t, apiHome(t, "  multiplex_profiles: true\n"))
	cases := []struct {
		path, key string
		want      int
	}{
		{"/v1/chat/completions", keyDefault, 200},
		{"/v1/chat/completions", keyAlpha, 401},
		{"/v1/chat/completions", "", 401},
		{"/v1/chat/completions", "wrong", 401},
		{"/p/alpha/v1/chat/completions", keyAlpha, 200},
		{"/p/alpha/v1/chat/completions", keyDefault, 401},
		{"/p/alpha/v1/chat/completions", "", 401},
		{"/p/beta/v1/chat/completions", keyDefault, 401},
		{"/p/beta/v1/chat/completions", "", 401},
	}
	for _, tc := range cases {
		status, body := chat(t, base+tc.path, tc.key, hello)
		if status != tc.want {
			t.Errorf("%s with key %q: %d, want %d (%s)", tc.path, tc.key, status, tc.want, body)
		}
		if status == 200 && !strings.Contains(body, "hello there") {
			t.Errorf("%s: answer %s lacks the echo", tc.path, body)
		}
	}
}

// rawRequest sends a request line exactly as written, so that no client
// library cleans the path first, and returns the status.
func rawRequest(t *testing.T, base, method, path, headers, body string) int {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nConnection: close\r\n%s\r\n%s",
		method, path, keyDefault, headers, body)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestHostileRequests checks the exact status of requests that try to
// reach another profile or overwhelm the listener.
func TestHostileRequests(t *testing.T) {
	base := startAPI(t, apiHome(t, "  multiplex_profiles: true\n  max_body_bytes: 1000\n"))
	big := strings.Repeat("x", 2000)
	chunked := fmt.Sprintf("Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n%x\r\n%s\r\n0\r\n\r\n",
		len(big), big)
	json := "Content-Type: application/json\r\n"
	cases := []struct {
		name, method, path, headers, body string
		want                              int
	}{
		{"unknown profile", "GET", "/p/ghost/v1/models", "", "", 404},
		{"traversal to another profile", "GET", "/p/alpha/../../v1/models", "", "", 404},
		{"dot segment", "GET", "/v1/./models", "", "", 404},
		{"encoded slash", "GET", "/p/alpha%2Fv1/models", "", "", 404},
		{"encoded dot-dot", "GET", "/p/alpha/%2e%2e/v1/models", "", "", 404},
		{"double slash", "GET", "//v1/models", "", "", 404},
		{"backslash", "GET", "/p/alpha\\..\\v1/models", "", "", 404},
		{"oversize chunked body", "POST", "/v1/chat/completions", chunked, "", 413},
		{"oversize declared body", "POST", "/v1/chat/completions",
			json + "Content-Length: 2000\r\n", big, 413},
		{"malformed JSON", "POST", "/v1/chat/completions", json + "Content-Length: 9\r\n", "{not json", 400},
		{"wrong method", "GET", "/v1/chat/completions", "", "", 405},
		{"unknown path", "GET", "/v2/models", "", "", 404},
		{"a second /v1/ inside the path", "POST", "/v1/embeddings/v1/chat/completions",
			json + "Content-Length: 2\r\n", "{}", 404},
		{"good request", "GET", "/v1/models", "", "", 200},
	}
	for _, tc := range cases {
		if got := rawRequest(t, base, tc.method, tc.path, tc.headers, tc.body); got != tc.want {
			t.Errorf("%s: %s %s = %d, want %d", tc.name, tc.method, tc.path, got, tc.want)
		}
	}
}

// TestPrefixWithoutMultiplexIs404 checks that /p/<profile>/ means nothing
// on a gateway that serves the default profile only.
func TestPrefixWithoutMultiplexIs404(t *testing.T) {
	base := startAPI(t, apiHome(t, ""))
	if got := rawRequest(t, base, "GET", "/p/alpha/v1/models", "", ""); got != 404 {
		t.Errorf("prefix without multiplexing: %d, want 404", got)
	}
	if got := rawRequest(t, base, "GET", "/p/default/v1/models", "", ""); got != 404 {
		t.Errorf("/p/default/ without multiplexing: %d, want 404", got)
	}
}

// TestEmptyHomeAnswersACurl runs the binary on a home that does not exist
// and asks its API a question, as the README's first curl does.
func TestEmptyHomeAnswersACurl(t *testing.T) {
	home := t.TempDir() + "/fresh"
	cmd, logs := startBinary(t, home)
	var addr string
	waitfor.True(t, 10*time.Second, func() bool {
		for _, line := range strings.Split(logs.String(), "\n") {
			var rec map[string]any
			if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == "listening" {
				addr, _ = rec["addr"].(string)
			}
		}
		return addr != ""
	}, "never listened; logs:\n%s", logs)
	waitfor.True(t, 10*time.Second, func() bool {
		status, _ := chat(t, "http://"+addr+"/v1/models", "", "")
		return status != 404
	}, "API never mounted")
	status, body := chat(t, "http://"+addr+"/v1/chat/completions", "", hello)
	if status != 200 || !strings.Contains(body, `"content":"hello there"`) {
		t.Errorf("first curl: %d %s", status, body)
	}
	_ = cmd.Process.Kill()
}

// TestMetricsCountPerProfile answers requests for two profiles and reads
// /metrics: messages in and out, turn and send latency, live sessions.
func TestMetricsCountPerProfile(t *testing.T) {
	base := startAPI(t, apiHome(t, "  multiplex_profiles: true\n"))
	for range 3 {
		chat(t, base+"/v1/chat/completions", keyDefault, hello)
	}
	chat(t, base+"/p/alpha/v1/chat/completions", keyAlpha, hello)
	var text string
	waitfor.True(t, 5*time.Second, func() bool {
		_, text = chat(t, base+"/metrics", "", "")
		return strings.Contains(text, `switchboard_messages_out_total{platform="api_server",profile="alpha"} 1`)
	}, "metrics:\n%s", text)
	for _, want := range []string{
		`switchboard_messages_in_total{platform="api_server",profile="default"} 3`,
		`switchboard_messages_out_total{platform="api_server",profile="default"} 3`,
		`switchboard_turn_seconds_count{profile="default"} 3`,
		`switchboard_send_seconds_count{platform="api_server",profile="alpha"} 1`,
		`switchboard_sessions{profile="default"}`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
