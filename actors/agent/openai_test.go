package agent_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"switchboard/actors/agent"
	"switchboard/actors/agent/agenttest"
)

// TestOpenAISendsConversation plays a conversation of several turns, the
// way a session does, and checks what every request carried.
func TestOpenAISendsConversation(t *testing.T) {
	srv := newFake(t)
	temp := 0.25
	a := newOpenAI(t, srv, agent.OpenAIConfig{
		Model: "alpha-model", APIKey: "sk-alpha-secret", SystemPrompt: "You are terse.",
		Temperature: &temp, MaxTokens: 128,
	})
	var history []agent.Message
	for i, text := range []string{"hello", "what is 2+2?", "thanks"} {
		r, err := a.Converse(context.Background(), agent.Request{Turn: turn("alpha", text), History: history})
		if err != nil {
			t.Fatalf("turn %d: %v", i, err)
		}
		if want := "echo: " + text; r.Text != want {
			t.Errorf("turn %d: reply %q, want %q", i, r.Text, want)
		}
		history = append(history,
			agent.Message{Role: "user", Content: text}, agent.Message{Role: "assistant", Content: r.Text})
	}

	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("got %d requests, want 3", len(reqs))
	}
	for i, req := range reqs {
		if got := req.Authorization(); got != "Bearer sk-alpha-secret" {
			t.Errorf("request %d: Authorization %q, want the profile's key as Bearer", i, got)
		}
		if req.Model != "alpha-model" || req.Stream {
			t.Errorf("request %d: model %q stream %v, want alpha-model, not streamed", i, req.Model, req.Stream)
		}
		if req.Temperature == nil || *req.Temperature != 0.25 || req.MaxTokens == nil || *req.MaxTokens != 128 {
			t.Errorf("request %d: temperature %v max_tokens %v, want 0.25 and 128", i, req.Temperature, req.MaxTokens)
		}
		want := append([]agenttest.Message{{Role: "system", Content: "You are terse."}}, wire(history[:2*i])...)
		want = append(want, agenttest.Message{Role: "user", Content: history[2*i].Content})
		if !slices.Equal(req.Messages, want) {
			t.Errorf("request %d: messages\n got %v\nwant %v", i, req.Messages, want)
		}
	}
}

// wire converts messages to what the fake records.
func wire(msgs []agent.Message) []agenttest.Message {
	out := make([]agenttest.Message, len(msgs))
	for i, m := range msgs {
		out[i] = agenttest.Message{Role: m.Role, Content: m.Content}
	}
	return out
}

// TestOpenAILeavesOutUnsetOptions checks that a minimal configuration sends
// no system prompt, temperature, max_tokens or Authorization.
func TestOpenAILeavesOutUnsetOptions(t *testing.T) {
	srv := newFake(t)
	a := newOpenAI(t, srv, agent.OpenAIConfig{})
	if _, err := a.Respond(context.Background(), turn("default", "hi")); err != nil {
		t.Fatal(err)
	}
	req := srv.Requests()[0]
	if req.Authorization() != "" || req.Temperature != nil || req.MaxTokens != nil {
		t.Errorf("Authorization %q temperature %v max_tokens %v, want all left out",
			req.Authorization(), req.Temperature, req.MaxTokens)
	}
	if want := []agenttest.Message{{Role: "user", Content: "hi"}}; !slices.Equal(req.Messages, want) {
		t.Errorf("messages %v, want %v", req.Messages, want)
	}
}

// TestOpenAIHistoryWindow checks that only the configured number of
// earlier turns goes upstream.
func TestOpenAIHistoryWindow(t *testing.T) {
	var history []agent.Message
	for i := range 5 {
		history = append(history,
			agent.Message{Role: "user", Content: fmt.Sprintf("q%d", i)},
			agent.Message{Role: "assistant", Content: fmt.Sprintf("a%d", i)})
	}
	tests := []struct {
		turns int
		want  int // messages sent besides the new one
	}{
		{turns: 2, want: 4},
		{turns: 0, want: 10}, // the default window holds all five
		{turns: -1, want: 0},
		{turns: 9, want: 10},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.turns), func(t *testing.T) {
			srv := newFake(t)
			a := newOpenAI(t, srv, agent.OpenAIConfig{HistoryTurns: tt.turns})
			req := agent.Request{Turn: turn("a", "new"), History: history}
			if _, err := a.Converse(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			got := srv.Requests()[0].Messages
			want := append(wire(history[len(history)-tt.want:]), agenttest.Message{Role: "user", Content: "new"})
			if !slices.Equal(got, want) {
				t.Errorf("messages\n got %v\nwant %v", got, want)
			}
		})
	}
}

// TestOpenAIProfilesStayApart runs two profiles' agents, with their own
// keys, models and histories, against one upstream at the same time, and
// checks that no request of one carries anything of the other.
func TestOpenAIProfilesStayApart(t *testing.T) {
	srv := newFake(t)
	profiles := map[string]agent.OpenAIConfig{
		"alpha": {Model: "model-alpha", APIKey: "sk-alpha-1111", SystemPrompt: "alpha prompt"},
		"beta":  {Model: "model-beta", APIKey: "sk-beta-2222", SystemPrompt: "beta prompt"},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*5)
	for name, cfg := range profiles {
		a := newOpenAI(t, srv, cfg)
		wg.Go(func() {
			var history []agent.Message
			for i := range 5 {
				text := fmt.Sprintf("%s says %d", name, i)
				r, err := a.Converse(context.Background(), agent.Request{Turn: turn(name, text), History: history})
				if err != nil {
					errs <- fmt.Errorf("%s turn %d: %w", name, i, err)
					return
				}
				history = append(history, agent.Message{Role: "user", Content: text},
					agent.Message{Role: "assistant", Content: r.Text})
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	seen := map[string]int{}
	for _, req := range srv.Requests() {
		name := strings.TrimPrefix(req.Model, "model-")
		cfg, ok := profiles[name]
		if !ok {
			t.Fatalf("request for unknown model %q", req.Model)
		}
		seen[name]++
		if req.BearerToken() != cfg.APIKey {
			t.Errorf("%s request sent key %q, want its own", name, req.BearerToken())
		}
		for other, ocfg := range profiles {
			if other == name {
				continue
			}
			body := string(req.Body) + fmt.Sprint(req.Header)
			for _, leak := range []string{ocfg.APIKey, ocfg.Model, ocfg.SystemPrompt, other + " says"} {
				if strings.Contains(body, leak) {
					t.Errorf("%s request carries %q of %s", name, leak, other)
				}
			}
		}
	}
	if seen["alpha"] != 5 || seen["beta"] != 5 {
		t.Errorf("requests per profile %v, want 5 each", seen)
	}
}
