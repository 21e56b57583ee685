package main

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"switchboard/actors"
	"switchboard/actors/agent"
	"switchboard/config"
)

// scriptedAgent fails on "fail", sleeps on "slow" (until cancelled or 3s),
// and echoes anything else.
type scriptedAgent struct{}

func (scriptedAgent) Respond(ctx context.Context, t agent.Turn) (agent.Reply, error) {
	switch {
	case strings.Contains(t.Text, "fail"):
		return agent.Reply{}, errors.New("model exploded")
	case strings.Contains(t.Text, "slow"):
		select {
		case <-time.After(3 * time.Second):
		case <-ctx.Done():
			return agent.Reply{}, ctx.Err()
		}
	}
	return agent.Reply{Text: t.Text}, nil
}

func scripted(config.Agent) (agent.Agent, error) { return scriptedAgent{}, nil }

// TestFailedTurnIsAnErrorStatus checks that a failed turn answers API and
// webhook callers with an error status, not a 200 with an apology.
func TestFailedTurnIsAnErrorStatus(t *testing.T) {
	dir := apiHome(t, "")
	writeFile(t, dir, "config.yaml", "gateway:\n  listen: 127.0.0.1:0\n"+
		"platforms:\n  webhook:\n    enabled: true\n    routes:\n      r:\n        secret: hook-secret\n")
	base, _ := startAPIWith(t, dir, scripted)
	status, body := chat(t, base+"/v1/chat/completions", keyDefault,
		`{"model":"switchboard","messages":[{"role":"user","content":"please fail"}]}`)
	if status != http.StatusBadGateway || !strings.Contains(body, "agent_failed") {
		t.Errorf("API: %d %s, want 502 agent_failed", status, body)
	}
	payload := `{"text":"fail now"}`
	if status, body := postBody(t, base+"/webhooks/r", sign("hook-secret", payload), "f1", payload); status != 502 {
		t.Errorf("webhook: %d %s, want 502", status, body)
	}
	// A failed delivery is not remembered: the sender's retry is handled.
	if status, _ := postBody(t, base+"/webhooks/r", sign("hook-secret", payload), "f1", payload); status != 502 {
		t.Errorf("webhook retry: %d, want it handled again (502), not ignored as a duplicate", status)
	}
}

// TestAbandonedWebhookCanBeRedelivered lets a sender give up on a slow
// delivery, then delivers the same id again: it must be handled.
func TestAbandonedWebhookCanBeRedelivered(t *testing.T) {
	dir := apiHome(t, "")
	writeFile(t, dir, "config.yaml", "gateway:\n  listen: 127.0.0.1:0\n"+
		"platforms:\n  webhook:\n    enabled: true\n    routes:\n      r:\n        secret: hook-secret\n")
	base, _ := startAPIWith(t, dir, scripted)
	slow := `{"text":"slow event"}`
	req, err := http.NewRequest(http.MethodPost, base+"/webhooks/r", strings.NewReader(slow))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Hub-Signature-256", sign("hook-secret", slow))
	req.Header.Set("X-GitHub-Delivery", "same-id")
	impatient := &http.Client{Timeout: 300 * time.Millisecond}
	if resp, err := impatient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the slow delivery answered %d before the client gave up", resp.StatusCode)
	}
	status, body := postBody(t, base+"/webhooks/r", sign("hook-secret", slow), "same-id", slow)
	if status != http.StatusOK || strings.Contains(body, "duplicate") {
		t.Errorf("redelivery after the sender gave up: %d %s, want it handled", status, body)
	}
}

// TestDrainTimeoutAnswersWaitingRequests stops the gateway while an API
// request waits on a slow turn with a drain timeout shorter than the turn:
// the request gets 503 promptly instead of hanging until the listener
// closes.
func TestDrainTimeoutAnswersWaitingRequests(t *testing.T) {
	dir := apiHome(t, "")
	writeFile(t, dir, "config.yaml", "gateway:\n  listen: 127.0.0.1:0\n  drain_timeout: 200ms\n")
	base, gw := startAPIWith(t, dir, scripted)
	done := make(chan int, 1)
	go func() {
		status, _ := chat(t, base+"/v1/chat/completions", keyDefault,
			`{"model":"switchboard","messages":[{"role":"user","content":"slow one"}]}`)
		done <- status
	}()
	time.Sleep(100 * time.Millisecond) // the request is on its way to the agent
	start := time.Now()
	if err := gw.Stop("test"); !errors.Is(err, actors.ErrDrainTimeout) {
		t.Errorf("Stop = %v, want a drain timeout", err)
	}
	select {
	case status := <-done:
		if status != http.StatusServiceUnavailable {
			t.Errorf("waiting request got %d, want 503", status)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the waiting request was not answered after the gateway stopped")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stop took %v", d)
	}
}
