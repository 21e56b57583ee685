package agent_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"switchboard/actors/agent"
	"switchboard/actors/waitfor"
)

const testToken = "svc-token-abcdef0123"

// service is an operator's agent service for tests: it records each turn
// and answers with its handler.
type service struct {
	srv *httptest.Server

	mu      sync.Mutex
	bodies  []map[string]any
	headers []http.Header
}

// newService starts a service on 127.0.0.1, closed when the test ends.
func newService(t *testing.T, answer http.HandlerFunc) *service {
	t.Helper()
	s := &service{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	s.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			body, err := io.ReadAll(r.Body)
			var turn map[string]any
			if err == nil {
				err = json.Unmarshal(body, &turn)
			}
			if err != nil {
				t.Errorf("service: bad turn body %q: %v", body, err)
			}
			s.mu.Lock()
			s.bodies, s.headers = append(s.bodies, turn), append(s.headers, r.Header.Clone())
			s.mu.Unlock()
			answer(w, r)
		})}}
	s.srv.Start()
	t.Cleanup(s.srv.Close)
	return s
}

// sent returns the body and headers of call i.
func (s *service) sent(i int) (map[string]any, http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bodies[i], s.headers[i]
}

func (s *service) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

// newHTTPAgent builds an HTTP agent against s, closed when the test ends.
func newHTTPAgent(t *testing.T, s *service, cfg agent.HTTPConfig) *agent.HTTP {
	t.Helper()
	cfg.URL = s.srv.URL + "/turn"
	a, err := agent.NewHTTP(cfg)
	if err != nil {
		t.Fatalf("NewHTTP: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func TestHTTPRoundTrip(t *testing.T) {
	svc := newService(t, answer(200, `{"text": "from the service", "extra": 1}`))
	a := newHTTPAgent(t, svc, agent.HTTPConfig{Token: testToken, HistoryTurns: 1})
	tn := turn("alpha", "hello")
	tn.Source.ThreadID = "7"
	history := []agent.Message{
		{Role: "user", Content: "old"}, {Role: "assistant", Content: "old answer"},
		{Role: "user", Content: "hi"}, {Role: "assistant", Content: "hi there"},
	}
	r, err := a.Converse(context.Background(), agent.Request{Turn: tn, History: history})
	if err != nil || r.Text != "from the service" {
		t.Fatalf("Converse = %q, %v", r.Text, err)
	}
	body, header := svc.sent(0)
	got, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"history":[{"content":"hi","role":"user"},{"content":"hi there","role":"assistant"}],` +
		`"profile":"alpha","session_key":"agent:alpha:telegram:private:42",` +
		`"source":{"chat_id":"42","chat_type":"private","platform":"telegram","thread_id":"7","user_id":"42"},` +
		`"text":"hello"}`
	if string(got) != want {
		t.Errorf("turn sent\n got %s\nwant %s", got, want)
	}
	if h := header; h.Get("Authorization") != "Bearer "+testToken || h.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v, want the bearer token and JSON", h)
	}
}

// TestHTTPWithoutTokenOrHistory checks the smallest turn: no Authorization,
// and history as an empty array rather than null.
func TestHTTPWithoutTokenOrHistory(t *testing.T) {
	svc := newService(t, answer(200, `{"text": ""}`))
	a := newHTTPAgent(t, svc, agent.HTTPConfig{})
	r, err := a.Respond(context.Background(), turn("default", "hi"))
	if err != nil || r.Text != "" {
		t.Fatalf("Respond = %q, %v; want an empty reply", r.Text, err)
	}
	body, header := svc.sent(0)
	if h := header.Get("Authorization"); h != "" {
		t.Errorf("Authorization %q, want none", h)
	}
	if hist, ok := body["history"].([]any); !ok || len(hist) != 0 {
		t.Errorf("history %#v, want []", body["history"])
	}
}

func TestHTTPFailures(t *testing.T) {
	big := `{"text": "` + strings.Repeat("x", 1<<20) + `"}`
	tests := []struct {
		name   string
		answer http.HandlerFunc
		kind   error
		detail string
	}{
		{"500", answer(500, `{"error": "db down"}`), agent.ErrUnavailable, "status 500: db down"},
		{"502 text", answer(502, "<html>Bad Gateway</html>"), agent.ErrUnavailable,
			"status 502: <html>Bad Gateway</html>"},
		{"401 echoing the token", answer(401, "bad token "+testToken), agent.ErrMisconfigured,
			"status 401: bad token [redacted]"},
		{"429", answer(429, `{"error": {"message": "slow down"}}`), agent.ErrRateLimited, "status 429: slow down"},
		{"422", answer(422, `{}`), agent.ErrRejected, "status 422"},
		{"not json", answer(200, "Hello!"), agent.ErrMalformed, "decode answer"},
		{"no text", answer(200, `{"reply": "Hello!"}`), agent.ErrMalformed, `no "text"`},
		{"text not a string", answer(200, `{"text": 5}`), agent.ErrMalformed, "decode answer"},
		{"too large", answer(200, big), agent.ErrMalformed, "more than 1048576 bytes"},
		{"redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://127.0.0.1:1/elsewhere", http.StatusFound)
		}, agent.ErrMisconfigured, "status 302"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := newService(t, tt.answer)
			a := newHTTPAgent(t, svc, agent.HTTPConfig{Token: testToken})
			_, err := a.Respond(context.Background(), turn("alpha", "hi"))
			checkUserError(t, err, tt.kind, testToken, svc.srv.URL)
			if detail := errors.Unwrap(err).Error(); !strings.Contains(detail, tt.detail) {
				t.Errorf("detail %q, want it to contain %q", detail, tt.detail)
			}
			if svc.calls() != 1 {
				t.Errorf("%d calls, want 1: the http agent does not retry", svc.calls())
			}
		})
	}
}

// TestHTTPTimeoutAndCancel checks a service that never answers: the
// timeout ends the turn with a plain message, a cancel ends it at once.
func TestHTTPTimeoutAndCancel(t *testing.T) {
	hang := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	svc := newService(t, hang)
	a := newHTTPAgent(t, svc, agent.HTTPConfig{Timeout: 100 * time.Millisecond})
	_, err := a.Respond(context.Background(), turn("alpha", "hi"))
	checkUserError(t, err, agent.ErrTimeout)

	b := newHTTPAgent(t, svc, agent.HTTPConfig{Timeout: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := b.Respond(ctx, turn("alpha", "hi"))
		done <- err
	}()
	waitForCalls(t, svc, 2)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Respond still running 1s after its context ended")
	}
}

func waitForCalls(t *testing.T, s *service, n int) {
	t.Helper()
	waitfor.True(t, 5*time.Second, func() bool { return s.calls() >= n }, "the service did not get %d calls", n)
}

// TestHTTPUnreachable checks a service that is not listening.
func TestHTTPUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	a, err := agent.NewHTTP(agent.HTTPConfig{URL: "http://user:pw-secret@" + addr + "/turn", Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	_, err = a.Respond(context.Background(), turn("alpha", "hi"))
	checkUserError(t, err, agent.ErrUnavailable, testToken, "pw-secret", "/turn")
}
