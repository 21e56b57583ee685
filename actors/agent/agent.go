// Package agent defines what answers a conversation turn. The gateway hands
// every turn to a profile's Agent and sends back what it returns; backends
// differ only in how they produce the text.
package agent

import (
	"context"
	"fmt"

	"switchboard/actors/backoff"
	"switchboard/config"
	"switchboard/platforms"
)

// Turn is one user message with the context an agent needs to answer it.
type Turn struct {
	Profile    string
	SessionKey string
	Source     platforms.Source
	Text       string
}

// Reply is an agent's answer to a turn. An empty Text sends nothing.
type Reply struct {
	Text string
}

// Agent answers turns. Implementations must return promptly once ctx ends,
// and must be safe for concurrent turns of different sessions.
type Agent interface {
	Respond(ctx context.Context, t Turn) (Reply, error)
}

// New builds the agent a profile's configuration asks for.
func New(cfg config.Agent) (Agent, error) {
	switch cfg.Kind {
	case "", "echo":
		return Echo{}, nil
	case "openai":
		o := cfg.OpenAI
		return NewOpenAI(OpenAIConfig{
			BaseURL: o.BaseURL, Model: o.Model, APIKey: o.APIKey.Reveal(), SystemPrompt: o.SystemPrompt,
			MaxTokens: o.MaxTokens, Timeout: cfg.Timeout, HistoryTurns: noneIfZero(cfg.HistoryTurns),
			Retries: noneIfZero(o.Retries), RetryAfterMax: o.RetryAfterMax,
			RetryBackoff: backoff.Policy{Initial: o.Retry.Initial, Max: o.Retry.Max,
				Jitter: float64(o.Retry.JitterPercent) / 100},
		})
	case "http":
		return NewHTTP(HTTPConfig{URL: cfg.HTTP.URL, Token: cfg.HTTP.Token.Reveal(), Timeout: cfg.Timeout,
			HistoryTurns: noneIfZero(cfg.HistoryTurns)})
	default:
		return nil, fmt.Errorf("agent: unknown kind %q (known: echo, openai, http)", cfg.Kind)
	}
}

// noneIfZero maps a config zero ("none") to the backends' -1; their own
// zero means "use the default".
func noneIfZero(n int) int {
	if n == 0 {
		return -1
	}
	return n
}
