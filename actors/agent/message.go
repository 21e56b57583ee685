package agent

import "context"

// Roles a Message may have, as the chat-completions protocol names them.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// Message is one earlier message of a conversation.
type Message struct {
	// Role is RoleUser for what the user wrote, RoleAssistant for what the
	// agent answered.
	Role string `json:"role"`
	// Content is the message text.
	Content string `json:"content"`
}

// Request is a Turn with what a session knows beyond the message itself:
// the conversation so far, and where to stream the reply. Backends that
// need neither implement only Respond and get the Turn alone (Converse).
type Request struct {
	Turn
	// History is the conversation before this turn, oldest first, without
	// the turn's own text. A backend sends at most its configured window
	// of it.
	History []Message
	// OnDelta, when set, asks for a streamed reply: it is called with each
	// piece of text as it arrives, in order, on the goroutine running the
	// turn. Reply.Text still holds the whole text. A backend that cannot
	// stream never calls it.
	OnDelta func(delta string)
}

// Conversant is an Agent that also takes a turn's history and can stream
// its reply.
type Conversant interface {
	Agent
	// Converse answers r. Respond(ctx, t) is Converse with t alone.
	Converse(ctx context.Context, r Request) (Reply, error)
}

// Converse answers r with a: through Converse when a is a Conversant, else
// through Respond with r's Turn alone, since a keeps no use for history.
func Converse(ctx context.Context, a Agent, r Request) (Reply, error) {
	if c, ok := a.(Conversant); ok {
		return c.Converse(ctx, r)
	}
	return a.Respond(ctx, r.Turn)
}

// window returns the end of h that holds its last turns turns, a turn being
// a user message and whatever follows it up to the next one. It returns all
// of h when h has fewer turns, and nothing when turns ≤ 0.
func window(h []Message, turns int) []Message {
	if turns <= 0 {
		return nil
	}
	seen := 0
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Role != RoleUser {
			continue
		}
		if seen++; seen == turns {
			return h[i:]
		}
	}
	return h
}
