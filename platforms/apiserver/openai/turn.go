package openai

import "context"

// Turn is what the handler asks of the gateway for one chat completion.
type Turn struct {
	// Model is the requested model id, or the first of Options.Models when
	// the request named none.
	Model string
	// Messages is the conversation so far, oldest first.
	Messages []Message
	// User is the request's "user" field, if any: the client's own name for
	// its end user.
	User string
	// Stream reports whether the client asked for a streamed answer. The
	// Runner answers the same way either way; the handler does the framing.
	Stream bool
}

// Message is one entry of a conversation. Content is plain text: a request
// that sends an array of content parts has its text parts joined by
// newlines and its other parts (images, audio, files) dropped.
type Message struct {
	// Role is one of system, developer, user, assistant or tool.
	Role    string
	Content string
}

// Runner answers a turn. It must return promptly when ctx ends: a client
// that disconnects cancels its turn, and the handler waits for Run to
// return before it does.
type Runner interface {
	Run(ctx context.Context, t Turn) (Reply, error)
}

// RunnerFunc adapts a plain function to a Runner.
type RunnerFunc func(ctx context.Context, t Turn) (Reply, error)

// Run calls f.
func (f RunnerFunc) Run(ctx context.Context, t Turn) (Reply, error) { return f(ctx, t) }

// Reply is a Runner's answer to a turn.
type Reply struct {
	Text string
	// PromptTokens and CompletionTokens are reported as usage. Either may be
	// zero, in which case the handler estimates it at about four characters
	// per token, and at least one.
	PromptTokens, CompletionTokens int
}
