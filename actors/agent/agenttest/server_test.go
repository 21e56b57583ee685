package agenttest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"switchboard/actors/agent/agenttest"
	"switchboard/actors/waitfor"
)

// newClient returns the official OpenAI client pointed at a new fake, both
// closed when the test ends. The client does not retry, so every call the
// test makes is one call the fake sees.
func newClient(t *testing.T) (*agenttest.Server, oai.Client) {
	t.Helper()
	srv := agenttest.New()
	hc := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(func() {
		srv.Close()
		hc.CloseIdleConnections()
	})
	c := oai.NewClient(option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("sk-fake-key"),
		option.WithHTTPClient(hc), option.WithMaxRetries(0))
	return srv, c
}

func params() oai.ChatCompletionNewParams {
	return oai.ChatCompletionNewParams{
		Model: "gpt-test",
		Messages: []oai.ChatCompletionMessageParamUnion{
			oai.SystemMessage("be brief"),
			oai.UserMessage("first"),
			oai.AssistantMessage("echo: first"),
			oai.UserMessage("second"),
		},
		Temperature: oai.Float(0.5),
		MaxTokens:   oai.Int(64),
	}
}

func TestCompletionAndRecord(t *testing.T) {
	srv, c := newClient(t)
	resp, err := c.Chat.Completions.New(context.Background(), params())
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Choices[0].Message.Content; got != "echo: second" {
		t.Errorf("content %q, want echo: second", got)
	}
	if resp.Model != "gpt-test" || resp.Object != "chat.completion" || resp.Choices[0].FinishReason != "stop" {
		t.Errorf("completion %+v does not look like OpenAI's", resp)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests recorded, want 1", len(reqs))
	}
	r := reqs[0]
	want := []agenttest.Message{
		{Role: "system", Content: "be brief"}, {Role: "user", Content: "first"},
		{Role: "assistant", Content: "echo: first"}, {Role: "user", Content: "second"},
	}
	if len(r.Messages) != len(want) {
		t.Fatalf("messages %v, want %v", r.Messages, want)
	}
	for i := range want {
		if r.Messages[i] != want[i] {
			t.Errorf("message %d = %v, want %v", i, r.Messages[i], want[i])
		}
	}
	if r.Authorization() != "Bearer sk-fake-key" || r.Model != "gpt-test" || r.Stream ||
		r.Temperature == nil || *r.Temperature != 0.5 || r.MaxTokens == nil || *r.MaxTokens != 64 {
		t.Errorf("recorded %+v", r)
	}
}

func TestStream(t *testing.T) {
	srv, c := newClient(t)
	srv.Script(agenttest.Step{Chunks: []string{"Hel", "lo", "!"}})
	stream := c.Chat.Completions.NewStreaming(context.Background(), params())
	defer stream.Close()
	var acc oai.ChatCompletionAccumulator
	var deltas []string
	for stream.Next() {
		chunk := stream.Current()
		acc.AddChunk(chunk)
		if len(chunk.Choices) > 0 && chunk.Choices[0].Delta.Content != "" {
			deltas = append(deltas, chunk.Choices[0].Delta.Content)
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(deltas, "|") != "Hel|lo|!" || acc.Choices[0].Message.Content != "Hello!" {
		t.Errorf("deltas %q, content %q; want Hel|lo|! and Hello!", deltas, acc.Choices[0].Message.Content)
	}
	if !srv.Requests()[0].Stream {
		t.Error("the request was not recorded as streamed")
	}
}

func TestErrorStatuses(t *testing.T) {
	srv, c := newClient(t)
	srv.Script(agenttest.Fail(500, "upstream broke"), agenttest.RateLimit(1500*time.Millisecond))
	_, err := c.Chat.Completions.New(context.Background(), params())
	var apiErr *oai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Message != "upstream broke" {
		t.Fatalf("error %v, want a 500 carrying the message", err)
	}
	_, err = c.Chat.Completions.New(context.Background(), params())
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 {
		t.Fatalf("error %v, want a 429", err)
	}
	h := apiErr.Response.Header
	if h.Get("Retry-After") != "2" || h.Get("Retry-After-Ms") != "1500" {
		t.Errorf("Retry-After %q, retry-after-ms %q; want 2 and 1500", h.Get("Retry-After"), h.Get("Retry-After-Ms"))
	}
}

func TestMalformed(t *testing.T) {
	srv, c := newClient(t)
	srv.Script(agenttest.Malformed(), agenttest.Malformed())
	if _, err := c.Chat.Completions.New(context.Background(), params()); err == nil {
		t.Error("a malformed completion parsed")
	}
	stream := c.Chat.Completions.NewStreaming(context.Background(), params())
	defer stream.Close()
	for i := 0; stream.Next() && i < 10; i++ {
	}
	if stream.Err() == nil {
		t.Error("a malformed stream parsed")
	}
}

// TestHangAndDelay checks that a hung call ends when the client gives up,
// and that a delayed one answers after its delay.
func TestHangAndDelay(t *testing.T) {
	srv, c := newClient(t)
	srv.Script(agenttest.Hang(), agenttest.Reply("late").After(100*time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.Chat.Completions.New(ctx, params()); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("hung call ended with %v, want the client's deadline", err)
	}
	start := time.Now()
	resp, err := c.Chat.Completions.New(context.Background(), params())
	if err != nil || resp.Choices[0].Message.Content != "late" {
		t.Fatalf("delayed call = %v, %v", resp, err)
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("delayed call answered after %v, want at least 100ms", d)
	}
}

// TestCloseReleasesHungCalls checks that Close does not wait for a client
// that never gives up.
func TestCloseReleasesHungCalls(t *testing.T) {
	srv, c := newClient(t)
	srv.Script(agenttest.Hang())
	done := make(chan error, 1)
	go func() {
		_, err := c.Chat.Completions.New(context.Background(), params())
		done <- err
	}()
	waitfor.True(t, 5*time.Second, func() bool { return srv.Calls() == 1 }, "the call did not arrive")
	closed := make(chan struct{})
	go func() {
		srv.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("Close still waiting for a hung call")
	}
	select {
	case err := <-done:
		if err == nil {
			t.Error("the hung call got an answer")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the client is still waiting after Close")
	}
}

func TestOtherPaths(t *testing.T) {
	srv := agenttest.New()
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	tests := []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/v1/chat/completions", http.StatusMethodNotAllowed},
		{http.MethodPost, "/v1/completions", http.StatusNotFound},
		{http.MethodPost, "/v1/chat/completions", http.StatusBadRequest}, // body not JSON
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, srv.URL()+tt.path, strings.NewReader("not json"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%s %s = %d, want %d", tt.method, tt.path, resp.StatusCode, tt.want)
		}
	}
}
