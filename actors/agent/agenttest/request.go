package agenttest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Request is one recorded call as the server received it.
type Request struct {
	// Method and Path are the request line's, such as POST and
	// /v1/chat/completions.
	Method, Path string
	// Header is a copy of the request's headers, Authorization included.
	Header http.Header
	// Body is the raw request body.
	Body []byte
	// Model is the body's "model".
	Model string
	// Messages are the body's "messages" in order.
	Messages []Message
	// Temperature is the body's "temperature"; nil when it was left out.
	Temperature *float64
	// MaxTokens is the body's "max_tokens"; nil when it was left out.
	MaxTokens *int
	// Stream is the body's "stream".
	Stream bool
}

// Message is one entry of a request's messages.
type Message struct {
	// Role is "system", "user", "assistant", ...
	Role string
	// Content is the message text. Content given as an array of parts is
	// joined from its text parts.
	Content string
}

// Authorization returns the request's Authorization header.
func (r Request) Authorization() string {
	return r.Header.Get("Authorization")
}

// BearerToken returns the token of an "Authorization: Bearer <token>"
// header, or "" when there is none.
func (r Request) BearerToken() string {
	token, ok := strings.CutPrefix(r.Authorization(), "Bearer ")
	if !ok {
		return ""
	}
	return token
}

// LastUserText returns the content of the last message whose role is user,
// or "" when there is none.
func (r Request) LastUserText() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == "user" {
			return r.Messages[i].Content
		}
	}
	return ""
}

// wireRequest is the part of a chat-completions body the server reads.
type wireRequest struct {
	Model       string        `json:"model"`
	Messages    []wireMessage `json:"messages"`
	Temperature *float64      `json:"temperature"`
	MaxTokens   *int          `json:"max_tokens"`
	Stream      bool          `json:"stream"`
}

type wireMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

// text returns the message content, which the protocol allows as a string
// or as an array of typed parts.
func (m wireMessage) text() string {
	var s string
	if json.Unmarshal(m.Content, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(m.Content, &parts) != nil {
		return ""
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "text" {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// decode fills r's body fields from its raw body.
func (r *Request) decode() error {
	var w wireRequest
	if err := json.Unmarshal(r.Body, &w); err != nil {
		return err
	}
	r.Model, r.Temperature, r.MaxTokens, r.Stream = w.Model, w.Temperature, w.MaxTokens, w.Stream
	for _, m := range w.Messages {
		r.Messages = append(r.Messages, Message{Role: m.Role, Content: m.text()})
	}
	return nil
}
