package hook

import (
	"fmt"
	"strconv"
	"strings"
)

// telegramPlatform is the platform name of a Telegram target; it matches the
// name the Telegram adapter registers under.
const telegramPlatform = "telegram"

// targetForms lists the accepted target forms, for error messages.
const targetForms = `want "response", "telegram:<chat_id>" or "telegram:<chat_id>:<thread_id>"`

// Target is where a route delivers the agent's answer.
type Target struct {
	// Response is true when the answer is the body of the webhook's HTTP
	// response; the other fields are then empty.
	Response bool
	// Platform is the chat platform to send the answer to, "telegram".
	Platform string
	// ChatID is the chat to send to, a decimal integer, negative for groups.
	ChatID string
	// ThreadID is the topic inside the chat, or empty for the main thread.
	ThreadID string
}

// ParseTarget parses a route's delivery target from config: "response" (also
// the default, when s is empty), "telegram:<chat_id>" or
// "telegram:<chat_id>:<thread_id>". Ids are integers, the chat id possibly
// negative, and are returned in canonical decimal form.
func ParseTarget(s string) (Target, error) {
	v := strings.TrimSpace(s)
	if v == "" || v == "response" {
		return Target{Response: true}, nil
	}
	rest, ok := strings.CutPrefix(v, telegramPlatform+":")
	if !ok {
		return Target{}, targetError(s, "unknown form")
	}
	chat, thread, hasThread := strings.Cut(rest, ":")
	t := Target{Platform: telegramPlatform}
	n, err := strconv.ParseInt(chat, 10, 64)
	if err != nil || n == 0 {
		return Target{}, targetError(s, "chat id is not a non-zero integer")
	}
	t.ChatID = strconv.FormatInt(n, 10)
	if !hasThread {
		return t, nil
	}
	n, err = strconv.ParseInt(thread, 10, 64)
	if err != nil || n <= 0 {
		return Target{}, targetError(s, "thread id is not a positive integer")
	}
	t.ThreadID = strconv.FormatInt(n, 10)
	return t, nil
}

// String returns t in the form ParseTarget reads.
func (t Target) String() string {
	switch {
	case t.Response:
		return "response"
	case t.ThreadID != "":
		return t.Platform + ":" + t.ChatID + ":" + t.ThreadID
	}
	return t.Platform + ":" + t.ChatID
}

// targetError is the error for the target value s.
func targetError(s, reason string) error {
	return fmt.Errorf("parse webhook target %q: %w: %s; %s", s, ErrBadTarget, reason, targetForms)
}
