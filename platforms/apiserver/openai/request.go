package openai

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// roles are the message roles a request may use.
var roles = []string{"system", "developer", "user", "assistant", "tool"}

// chatRequest holds the fields of a chat-completion request the handler
// uses; every other field is ignored.
type chatRequest struct {
	Model         string         `json:"model"`
	Messages      []chatMessage  `json:"messages"`
	User          string         `json:"user"`
	Stream        bool           `json:"stream"`
	StreamOptions *streamOptions `json:"stream_options"`
}

// streamOptions is the request's "stream_options".
type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

// chatMessage is one request message; content is decoded separately since
// it may be a string, an array of parts or null.
type chatMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

// contentPart is one element of an array content.
type contentPart struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// includeUsage reports whether a streamed answer ends with a usage chunk.
func (c *chatRequest) includeUsage() bool {
	return c.StreamOptions != nil && c.StreamOptions.IncludeUsage
}

// readRequest reads and checks a chat-completion request body and returns
// it with its messages flattened to text.
func readRequest(r *http.Request) (chatRequest, []Message, *apiError) {
	var req chatRequest
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return req, nil, readFailure(err)
	}
	if err := json.Unmarshal(body, &req); err != nil {
		e := decodeFailure(err)
		return req, nil, &e
	}
	msgs, e := req.messages()
	return req, msgs, e
}

// readFailure explains a body that could not be read, such as one cut off
// by the gateway's size limit.
func readFailure(err error) *apiError {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		e := invalid("", "request_too_large", "The request body is larger than %d bytes.", tooBig.Limit)
		e.status = http.StatusRequestEntityTooLarge
		return &e
	}
	e := invalid("", "", "The request body could not be read.")
	return &e
}

// decodeFailure explains a body that is not a valid request object.
func decodeFailure(err error) apiError {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		if typ.Field == "" {
			return invalid("", "invalid_type", "The request body must be a JSON object.")
		}
		return invalid(typ.Field, "invalid_type",
			"Invalid type for '%s': expected %s, but got %s.", typ.Field, typ.Type, typ.Value)
	}
	return invalid("", "invalid_json",
		"We could not parse the JSON body of your request. Expected a JSON object.")
}

// messages checks the request's messages and flattens their content.
func (c *chatRequest) messages() ([]Message, *apiError) {
	if c.Messages == nil {
		e := invalid("messages", "missing_required_parameter", "Missing required parameter: 'messages'.")
		return nil, &e
	}
	if len(c.Messages) == 0 {
		e := invalid("messages", "empty_array",
			"Invalid 'messages': empty array. Expected an array with minimum length 1.")
		return nil, &e
	}
	out := make([]Message, 0, len(c.Messages))
	for i, m := range c.Messages {
		if !slices.Contains(roles, m.Role) {
			e := invalid(fmt.Sprintf("messages[%d].role", i), "invalid_value",
				"Invalid value for 'messages[%d].role': %q. Supported values are: %s.",
				i, m.Role, strings.Join(roles, ", "))
			return nil, &e
		}
		text, ok := flatten(m.Content)
		if !ok {
			e := invalid(fmt.Sprintf("messages[%d].content", i), "invalid_type",
				"Invalid type for 'messages[%d].content': expected a string or an array of content parts.", i)
			return nil, &e
		}
		out = append(out, Message{Role: m.Role, Content: text})
	}
	return out, nil
}

// flatten turns a message's content into text: a string as it is, an array
// of parts as its text parts joined by newlines, absent or null as "".
func flatten(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	switch raw[0] {
	case '"':
		var s string
		return s, json.Unmarshal(raw, &s) == nil
	case '[':
		var parts []contentPart
		if err := json.Unmarshal(raw, &parts); err != nil {
			return "", false
		}
		texts := make([]string, 0, len(parts))
		for _, p := range parts {
			if p.Type == "text" {
				texts = append(texts, p.Text)
			}
		}
		return strings.Join(texts, "\n"), true
	}
	return "", false
}
