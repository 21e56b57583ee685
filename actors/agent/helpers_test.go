package agent_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"switchboard/actors/agent"
	"switchboard/actors/agent/agenttest"
	"switchboard/actors/backoff"
	"switchboard/actors/waitfor"
	"switchboard/platforms"
)

// fastRetry keeps retry tests quick.
var fastRetry = backoff.Policy{Initial: time.Millisecond, Max: 5 * time.Millisecond, Jitter: 0.2}

// newFake starts a fake OpenAI server closed when the test ends.
func newFake(t *testing.T) *agenttest.Server {
	t.Helper()
	srv := agenttest.New()
	t.Cleanup(srv.Close)
	return srv
}

// newOpenAI builds an agent against srv from cfg, closed when the test ends.
func newOpenAI(t *testing.T, srv *agenttest.Server, cfg agent.OpenAIConfig) *agent.OpenAI {
	t.Helper()
	cfg.BaseURL = srv.BaseURL()
	if cfg.Model == "" {
		cfg.Model = "test-model"
	}
	if cfg.RetryBackoff == (backoff.Policy{}) {
		cfg.RetryBackoff = fastRetry
	}
	a, err := agent.NewOpenAI(cfg)
	if err != nil {
		t.Fatalf("NewOpenAI: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// turn is a private Telegram turn of the given profile.
func turn(profile, text string) agent.Turn {
	return agent.Turn{
		Profile:    profile,
		SessionKey: "agent:" + profile + ":telegram:private:42",
		Source: platforms.Source{
			Profile: profile, Platform: "telegram", ChatType: "private", ChatID: "42", UserID: "42",
		},
		Text: text,
	}
}

// userMessages are every sentence a user may be shown.
var userMessages = []string{
	"The assistant took too long to answer. Please try again.",
	"The assistant is unavailable right now. Please try again in a little while.",
	"The assistant is busy right now. Please try again in a minute.",
	"The assistant is not set up correctly. Please tell the bot's operator.",
	"The assistant could not answer this message.",
	"The assistant's answer could not be read. Please try again.",
}

// checkUserError fails unless err is a *agent.UserError of kind whose
// message is one of the plain sentences and whose detail keeps every
// secret out.
func checkUserError(t *testing.T, err, kind error, secrets ...string) {
	t.Helper()
	var ue *agent.UserError
	if !errors.As(err, &ue) {
		t.Fatalf("error %v (%T), want a *agent.UserError", err, err)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %q (detail %q) is not %v", err, errors.Unwrap(err), kind)
	}
	msg := err.Error()
	found := false
	for _, m := range userMessages {
		found = found || msg == m
	}
	if !found {
		t.Errorf("user message %q is not one of the plain sentences", msg)
	}
	for _, bad := range []string{"http", "://", "127.0.0.1", "Bearer", "token", "key"} {
		if strings.Contains(strings.ToLower(msg), strings.ToLower(bad)) {
			t.Errorf("user message %q contains %q", msg, bad)
		}
	}
	detail := errors.Unwrap(err)
	if detail == nil || detail.Error() == "" {
		t.Fatalf("error %q has no detail for the log", msg)
	}
	for _, s := range secrets {
		if strings.Contains(msg, s) || strings.Contains(detail.Error(), s) {
			t.Errorf("error %q / detail %q contains the secret %q", msg, detail, s)
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %q wraps a context error; a session would take it for a withdrawn turn", detail)
	}
}

// backoffMinute makes a retry wait long enough that only a cancel ends it.
var backoffMinute = backoff.Policy{Initial: time.Minute, Max: time.Minute}

// waitCalls waits until srv has received n calls.
func waitCalls(t *testing.T, srv *agenttest.Server, n int) {
	t.Helper()
	waitfor.True(t, 5*time.Second, func() bool { return srv.Calls() >= n }, "the fake did not get %d calls", n)
}
