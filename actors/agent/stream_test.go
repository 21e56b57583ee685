package agent_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"switchboard/actors/agent"
	"switchboard/actors/agent/agenttest"
)

// deltas collects what a streamed turn hands to OnDelta.
type deltas struct {
	mu  sync.Mutex
	got []string
}

func (d *deltas) add(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.got = append(d.got, s)
}

func (d *deltas) all() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.got)
}

// stream runs one streamed turn on a.
func stream(ctx context.Context, a agent.Conversant, text string) (agent.Reply, []string, error) {
	var d deltas
	r, err := a.Converse(ctx, agent.Request{Turn: turn("alpha", text), OnDelta: d.add})
	return r, d.all(), err
}

func TestOpenAIStreamAssemblesDeltas(t *testing.T) {
	tests := []struct {
		name string
		step agenttest.Step
		want []string
	}{
		{"chunks", agenttest.Step{Chunks: []string{"Hel", "lo, ", "wor", "ld!"}},
			[]string{"Hel", "lo, ", "wor", "ld!"}},
		{"words", agenttest.Reply("one two three"), []string{"one ", "two ", "three"}},
		{"empty", agenttest.Reply(""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Script(tt.step)
			a := newOpenAI(t, srv, agent.OpenAIConfig{APIKey: testKey})
			r, got, err := stream(context.Background(), a, "hi")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("deltas %q, want %q", got, tt.want)
			}
			if want := strings.Join(tt.want, ""); r.Text != want {
				t.Errorf("reply %q, want the deltas joined: %q", r.Text, want)
			}
			req := srv.Requests()[0]
			if !req.Stream || req.Header.Get("Accept") != "text/event-stream" || req.BearerToken() != testKey {
				t.Errorf("request stream %v, Accept %q, key %q; want a streamed request with the key",
					req.Stream, req.Header.Get("Accept"), req.BearerToken())
			}
		})
	}
}

// TestOpenAIStreamTimeoutIsPerPiece checks that a slow but steady stream
// outlasts the timeout, which bounds the wait for each piece only.
func TestOpenAIStreamTimeoutIsPerPiece(t *testing.T) {
	srv := newFake(t)
	srv.Script(agenttest.Step{Chunks: []string{"a", "b", "c", "d"}, ChunkDelay: 150 * time.Millisecond})
	a := newOpenAI(t, srv, agent.OpenAIConfig{Timeout: 400 * time.Millisecond})
	start := time.Now()
	r, _, err := stream(context.Background(), a, "hi")
	if err != nil || r.Text != "abcd" {
		t.Fatalf("stream = %q, %v; want abcd", r.Text, err)
	}
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("stream took %v, want longer than the timeout for this test to mean anything", d)
	}
}

// TestOpenAIStreamStallIsNotRetried checks that a stream that stops after
// its first piece times out and is not tried again, since the user may
// already have seen that piece.
func TestOpenAIStreamStallIsNotRetried(t *testing.T) {
	srv := newFake(t)
	srv.Otherwise(func(agenttest.Request) agenttest.Step {
		return agenttest.Step{Chunks: []string{"first ", "never"}, ChunkDelay: time.Minute}
	})
	a := newOpenAI(t, srv, agent.OpenAIConfig{Timeout: 200 * time.Millisecond, Retries: 2})
	_, got, err := stream(context.Background(), a, "hi")
	checkUserError(t, err, agent.ErrTimeout)
	if !slices.Equal(got, []string{"first "}) {
		t.Errorf("deltas %q, want only the first", got)
	}
	if srv.Calls() != 1 {
		t.Errorf("%d calls, want 1", srv.Calls())
	}
}

// TestOpenAIStreamFailures checks errors before any piece: retried when
// transient, reported plainly when the stream is garbage.
func TestOpenAIStreamFailures(t *testing.T) {
	srv := newFake(t)
	srv.Script(agenttest.Fail(500, "boom"), agenttest.Reply("recovered"))
	a := newOpenAI(t, srv, agent.OpenAIConfig{})
	if r, _, err := stream(context.Background(), a, "hi"); err != nil || r.Text != "recovered" {
		t.Fatalf("stream after a 500 = %q, %v; want recovered", r.Text, err)
	}

	srv.Script(agenttest.Malformed())
	_, got, err := stream(context.Background(), a, "hi")
	checkUserError(t, err, agent.ErrMalformed)
	if len(got) != 0 {
		t.Errorf("deltas %q from a malformed stream", got)
	}
}

// TestOpenAIStreamCancel checks that cancelling mid-stream returns at once.
func TestOpenAIStreamCancel(t *testing.T) {
	srv := newFake(t)
	srv.Script(agenttest.Step{Chunks: []string{"first ", "never"}, ChunkDelay: time.Minute})
	a := newOpenAI(t, srv, agent.OpenAIConfig{Timeout: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := a.Converse(ctx, agent.Request{Turn: turn("alpha", "hi"), OnDelta: func(string) {
			select {
			case <-started:
			default:
				close(started)
			}
		}})
		done <- err
	}()
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("no piece of the stream arrived")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Converse still running 1s after its context ended")
	}
}

// TestOpenAIStreamFallsBackToWholeAnswer checks a server that ignores
// "stream": the whole answer arrives as one delta.
func TestOpenAIStreamFallsBackToWholeAnswer(t *testing.T) {
	svc := newService(t, answer(200, `{"choices":[{"index":0,"message":{"role":"assistant","content":"whole"}}]}`))
	a, err := agent.NewOpenAI(agent.OpenAIConfig{BaseURL: svc.srv.URL + "/v1", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	r, got, err := stream(context.Background(), a, "hi")
	if err != nil || r.Text != "whole" || !slices.Equal(got, []string{"whole"}) {
		t.Errorf("stream = %q, deltas %q, %v; want whole in one delta", r.Text, got, err)
	}
}
