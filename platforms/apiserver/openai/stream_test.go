package openai

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// events reads an SSE body to its end and returns its data payloads.
func events(t *testing.T, r *bufio.Reader) (data []string) {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "data: "):
			data = append(data, strings.TrimPrefix(line, "data: "))
		case strings.HasPrefix(line, ":"):
		case line != "":
			t.Errorf("unexpected SSE line %q", line)
		}
		if err != nil {
			return data
		}
	}
}

// postStream starts a streamed completion and returns the open response.
func postStream(ctx context.Context, t *testing.T, srv *httptest.Server, path, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, "POST", srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestStreamFraming(t *testing.T) {
	for _, withUsage := range []bool{false, true} {
		run := &recorder{reply: Reply{Text: longReply}}
		srv := newServer(t, Options{Models: []string{"m1"}, Runner: run, Now: fixedNow})
		body := fmt.Sprintf(`{"stream":true,"stream_options":{"include_usage":%t},`+
			`"messages":[{"role":"user","content":"hi"}]}`, withUsage)
		resp := postStream(context.Background(), t, srv, "/p/alpha/v1/chat/completions", body)
		if ct, cc := resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"); resp.StatusCode != 200 ||
			ct != "text/event-stream" || cc != "no-cache" {
			t.Fatalf("status %d Content-Type %q Cache-Control %q", resp.StatusCode, ct, cc)
		}
		data := events(t, bufio.NewReader(resp.Body))
		checkFraming(t, data, withUsage)
	}
}

// checkFraming checks the chunk sequence of a successful stream.
func checkFraming(t *testing.T, data []string, withUsage bool) {
	t.Helper()
	if len(data) < 4 || data[len(data)-1] != "[DONE]" {
		t.Fatalf("events %q, want at least role, content, stop and [DONE]", data)
	}
	chunks := decodeChunks(t, data[:len(data)-1])
	if withUsage {
		last := chunks[len(chunks)-1]
		if len(last.Choices) != 0 || last.Usage == nil || last.Usage.TotalTokens < 2 {
			t.Errorf("usage chunk = %+v, want empty choices and usage", last)
		}
		chunks = chunks[:len(chunks)-1]
	}
	first, final := chunks[0], chunks[len(chunks)-1]
	if first.Choices[0].Delta.Role != "assistant" || first.Choices[0].FinishReason != nil {
		t.Errorf("first chunk = %+v, want the assistant role", first)
	}
	if final.Choices[0].Delta != (delta{}) || deref(final.Choices[0].FinishReason) != "stop" {
		t.Errorf("final chunk = %+v, want an empty delta and stop", final)
	}
	var text strings.Builder
	for _, c := range chunks {
		if c.ID != first.ID || c.Created != fixedNow().Unix() || c.Model != "m1" || c.Object != "chat.completion.chunk" {
			t.Errorf("chunk %+v differs from the first in id, created, model or object", c)
		}
		if c.Usage != nil && !withUsage {
			t.Errorf("usage sent without include_usage: %+v", c)
		}
		text.WriteString(c.Choices[0].Delta.Content)
	}
	if text.String() != longReply || len(chunks) < 4 {
		t.Errorf("streamed %q in %d chunks, want the runner's text in several", text.String(), len(chunks))
	}
}

func decodeChunks(t *testing.T, data []string) []chunk {
	t.Helper()
	var out []chunk
	for _, d := range data {
		var c chunk
		if err := json.Unmarshal([]byte(d), &c); err != nil {
			t.Fatalf("chunk %s: %v", d, err)
		}
		out = append(out, c)
	}
	return out
}

// gate is a Runner that blocks each turn until it is released or its ctx
// ends, then answers with reply or err.
type gate struct {
	started chan struct{}
	release chan struct{}
	ended   chan error // the ctx error seen when the turn ended, if any
	reply   Reply
	err     error
}

func newGate() *gate {
	return &gate{started: make(chan struct{}, 1), release: make(chan struct{}), ended: make(chan error, 1)}
}

func (g *gate) Run(ctx context.Context, _ Turn) (Reply, error) {
	g.started <- struct{}{}
	select {
	case <-g.release:
		g.ended <- nil
		return g.reply, g.err
	case <-ctx.Done():
		g.ended <- ctx.Err()
		return Reply{}, ctx.Err()
	}
}

func TestStreamKeepAliveThenError(t *testing.T) {
	g := newGate()
	g.err = StatusError{Status: 504, Code: "turn_timeout", Message: "the agent took too long"}
	srv := newServer(t, Options{Runner: g, KeepAlive: 5 * time.Millisecond})
	resp := postStream(context.Background(), t, srv, "/v1/chat/completions",
		`{"stream":true,"messages":[{"role":"user","content":"hi"}]}`)
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d, want 200 once the stream is kept alive", resp.StatusCode)
	}
	r := bufio.NewReader(resp.Body)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended before a keep-alive: %v", err)
		}
		if strings.HasPrefix(line, ":") {
			break
		}
	}
	close(g.release)
	data := events(t, r)
	if len(data) == 0 || !strings.HasPrefix(data[len(data)-1], `{"error":`) {
		t.Fatalf("events %q, want an error event last and no [DONE]", data)
	}
	var e errorReply
	if err := json.Unmarshal([]byte(data[len(data)-1]), &e); err != nil {
		t.Fatal(err)
	}
	if deref(e.Error.Code) != "turn_timeout" || e.Error.Type != "server_error" {
		t.Errorf("error event = %+v", e.Error)
	}
}

func TestStreamRunnerPanicIsAServerError(t *testing.T) {
	run := RunnerFunc(func(context.Context, Turn) (Reply, error) { panic("boom") })
	srv := newServer(t, Options{Runner: run})
	resp, b := do(t, srv, "POST", "/v1/chat/completions", `{"stream":true,"messages":[{"role":"user","content":"x"}]}`)
	if resp.StatusCode != 500 || strings.Contains(string(b), "boom") {
		t.Errorf("status %d body %s, want a generic 500", resp.StatusCode, b)
	}
}
