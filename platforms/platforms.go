// Package platforms holds what every chat platform adapter shares: the
// platform-neutral message envelopes that flow between adapters and profile
// actors, and the facts the gateway needs about each platform.
package platforms

import "strings"

// Chat types a Source can carry. Adapters map their platform's own chat
// kinds onto these so that session keys look the same on every platform.
const (
	ChatDM      = "dm"
	ChatGroup   = "group"
	ChatChannel = "channel"
)

// Source says where an inbound message came from. Profile is stamped by the
// adapter that received the message only when it is still empty; a route
// prefix such as /p/<name>/ may have set it first.
type Source struct {
	Profile  string
	Platform string
	ChatType string
	ChatID   string
	UserID   string
	// UserName is the sender's handle without any leading "@", if the
	// platform has one.
	UserName string
	// ThreadID names a topic or thread inside the chat; empty when the chat
	// has none.
	ThreadID string
	// Ephemeral marks a conversation of one message (an API request that
	// named no session): its session ends with its reply.
	Ephemeral bool
}

// Inbound is one user message handed from an adapter to its profile.
type Inbound struct {
	Source Source
	Text   string
	// MessageID is the platform's id for the message, kept so that a reply
	// can quote it.
	MessageID string
	// Command is the bot command the message starts with, lower-case and
	// without "/" or "@bot" ("new" for "/new@mybot"); empty otherwise.
	Command string
	// Receipt identifies the message to its adapter, which confirms it as
	// handled (see Acker) once the reply is sent or none will come.
	Receipt string
	// ReplyVia, when set, sends the reply to another chat of the same
	// profile (a webhook delivering to a Telegram chat) instead of back to
	// Source. The reply still leaves through the profile's own adapter for
	// that platform.
	ReplyVia *Source
}

// Outbound is one reply handed from a profile to the adapter that owns the
// profile's account on Source.Platform.
type Outbound struct {
	Source Source
	Text   string
	// ReplyTo is the platform message id being answered, if any.
	ReplyTo string
	// Receipt is the Receipt of the Inbound answered. An Outbound with an
	// empty Text sends nothing and only confirms the Inbound as handled.
	Receipt string
	// Failed marks a reply that reports a failed turn: Text is then a plain
	// apology for a chat, and request-style platforms (the API, webhooks)
	// answer with an error status instead.
	Failed bool
	// Partial marks the text of a reply still being written (streaming):
	// an adapter that can shows it and replaces it as it grows; the final
	// Outbound with the same StreamID follows. Adapters that cannot stream
	// ignore partials. A partial has no receipt.
	Partial bool
	// StreamID ties the partials of one turn's streamed reply to its final
	// Outbound, so that other replies to the same chat (another member's
	// turn, a command) never edit that reply's message.
	StreamID string
}

// Cancel withdraws an Inbound whose sender stopped waiting (an API client
// that disconnected): a turn running for it is cancelled, a queued one is
// dropped.
type Cancel struct {
	Source  Source
	Receipt string
}

// Typing asks an adapter to show that a reply is being prepared in the
// chat of Source, until a reply for that chat arrives.
type Typing struct {
	Source Source
}

// StampProfile sets s.Profile to profile unless a profile is already set.
func (s *Source) StampProfile(profile string) {
	if s.Profile == "" {
		s.Profile = profile
	}
}

// SessionKey returns the key of the conversation s belongs to:
// agent:<ns>:<platform>:<chat_type>:<chat_id>[:<thread_id>][:<user_id>],
// where ns is "main" for the default profile and the profile name otherwise.
// The user id is appended in shared chats when perUserInGroups is set, so
// that each member of a group has a conversation of their own.
func (s Source) SessionKey(defaultProfile string, perUserInGroups bool) string {
	ns := s.Profile
	if ns == defaultProfile || ns == "" {
		ns = "main"
	}
	var b strings.Builder
	b.Grow(64)
	b.WriteString("agent:")
	b.WriteString(ns)
	for _, part := range []string{s.Platform, s.ChatType, s.ChatID} {
		b.WriteByte(':')
		b.WriteString(part)
	}
	if s.ThreadID != "" {
		b.WriteByte(':')
		b.WriteString(s.ThreadID)
	}
	if perUserInGroups && s.ChatType != ChatDM && s.UserID != "" {
		b.WriteByte(':')
		b.WriteString(s.UserID)
	}
	return b.String()
}
