package agent_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"switchboard/actors/agent"
	"switchboard/actors/agent/agenttest"
)

const testKey = "sk-test-0123456789abcdef"

// TestOpenAIRetriesThenTellsUser checks that upstream 500s, 429s and hangs
// are tried a bounded number of times, then end in a plain sentence.
func TestOpenAIRetriesThenTellsUser(t *testing.T) {
	tests := []struct {
		name string
		step agenttest.Step
		kind error
	}{
		{"500", agenttest.Fail(500, "The server had an error while processing your request."), agent.ErrUnavailable},
		{"503", agenttest.Fail(503, "overloaded"), agent.ErrUnavailable},
		{"429", agenttest.RateLimit(10 * time.Millisecond), agent.ErrRateLimited},
		{"hang", agenttest.Hang(), agent.ErrTimeout},
		{"408", agenttest.Fail(408, "request timeout"), agent.ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Otherwise(func(agenttest.Request) agenttest.Step { return tt.step })
			a := newOpenAI(t, srv, agent.OpenAIConfig{APIKey: testKey, Retries: 2, Timeout: 100 * time.Millisecond})
			start := time.Now()
			_, err := a.Respond(context.Background(), turn("alpha", "hi"))
			checkUserError(t, err, tt.kind, testKey, srv.URL())
			if got := srv.Calls(); got != 3 {
				t.Errorf("%d calls, want 3 (one try and two retries)", got)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v, want the retries bounded", d)
			}
			if detail := errors.Unwrap(err).Error(); !strings.Contains(detail, "attempts: 3") {
				t.Errorf("detail %q does not count the attempts", detail)
			}
		})
	}
}

// TestOpenAIRecoversWithinRetries checks that a failure followed by a good
// answer is invisible to the user.
func TestOpenAIRecoversWithinRetries(t *testing.T) {
	srv := newFake(t)
	srv.Script(agenttest.Fail(500, "boom"), agenttest.RateLimit(time.Millisecond), agenttest.Reply("fine"))
	a := newOpenAI(t, srv, agent.OpenAIConfig{Retries: 2})
	r, err := a.Respond(context.Background(), turn("alpha", "hi"))
	if err != nil || r.Text != "fine" {
		t.Fatalf("Respond = %q, %v; want fine", r.Text, err)
	}
	if srv.Calls() != 3 {
		t.Errorf("%d calls, want 3", srv.Calls())
	}
}

// TestOpenAIHonoursRetryAfter checks that a 429's Retry-After is waited
// for when within the cap, and fails the turn at once when beyond it.
func TestOpenAIHonoursRetryAfter(t *testing.T) {
	srv := newFake(t)
	srv.Script(agenttest.RateLimit(200*time.Millisecond), agenttest.Reply("after the wait"))
	a := newOpenAI(t, srv, agent.OpenAIConfig{RetryAfterMax: time.Second})
	start := time.Now()
	r, err := a.Respond(context.Background(), turn("alpha", "hi"))
	if err != nil || r.Text != "after the wait" {
		t.Fatalf("Respond = %q, %v", r.Text, err)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("retried after %v, want at least the 200ms Retry-After", d)
	}

	srv.Script(agenttest.RateLimit(time.Minute))
	start = time.Now()
	_, err = a.Respond(context.Background(), turn("alpha", "hi"))
	checkUserError(t, err, agent.ErrRateLimited)
	if d := time.Since(start); d > time.Second {
		t.Errorf("gave up after %v, want at once", d)
	}
	if srv.Calls() != 3 {
		t.Errorf("%d calls, want 3: the Retry-After beyond the cap is not waited for", srv.Calls())
	}
	if detail := errors.Unwrap(err).Error(); !strings.Contains(detail, "Retry-After 1m0s") {
		t.Errorf("detail %q does not say why it gave up", detail)
	}
}

// TestOpenAIPermanentFailures checks that refusals are not retried and that
// an upstream message quoting the key is redacted.
func TestOpenAIPermanentFailures(t *testing.T) {
	tests := []struct {
		name string
		step agenttest.Step
		kind error
	}{
		{"401", agenttest.Fail(401, "Incorrect API key provided: "+testKey+"."), agent.ErrMisconfigured},
		{"404", agenttest.Fail(404, "The model `nope` does not exist"), agent.ErrMisconfigured},
		{"400", agenttest.Fail(400, "maximum context length exceeded"), agent.ErrRejected},
		{"malformed", agenttest.Malformed(), agent.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Otherwise(func(agenttest.Request) agenttest.Step { return tt.step })
			a := newOpenAI(t, srv, agent.OpenAIConfig{APIKey: testKey, Retries: 3})
			_, err := a.Respond(context.Background(), turn("alpha", "hi"))
			checkUserError(t, err, tt.kind, testKey, srv.URL())
			if srv.Calls() != 1 {
				t.Errorf("%d calls, want 1: a permanent failure is not retried", srv.Calls())
			}
			if tt.step.Message != "" && !strings.Contains(errors.Unwrap(err).Error(), "status") {
				t.Errorf("detail %q lacks the status", errors.Unwrap(err))
			}
		})
	}
}

// TestOpenAICancel checks that the end of the turn's context, during a hung
// call or during a backoff, returns at once with the context's error.
func TestOpenAICancel(t *testing.T) {
	tests := []struct {
		name string
		step agenttest.Step
	}{
		{"hung call", agenttest.Hang()},
		{"backoff", agenttest.Fail(500, "boom")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Otherwise(func(agenttest.Request) agenttest.Step { return tt.step })
			a := newOpenAI(t, srv, agent.OpenAIConfig{
				Timeout: time.Minute, RetryBackoff: backoffMinute, Retries: 5,
			})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				_, err := a.Respond(ctx, turn("alpha", "hi"))
				done <- err
			}()
			waitCalls(t, srv, 1)
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("error %v, want context.Canceled", err)
				}
				if _, ok := agent.UserMessage(err); ok {
					t.Errorf("a cancelled turn carries a user message: %v", err)
				}
			case <-time.After(time.Second):
				t.Fatal("Respond still running 1s after its context ended")
			}
		})
	}
}
