package hook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Render turns body into the agent's prompt. Without a template the body is
// the prompt, as text. With one, body must be a JSON object or array, which
// the template is executed over. The prompt is at most MaxPromptBytes long.
// Errors wrap ErrBadPayload, ErrPromptTooLong, ErrRender or ErrNotCompiled.
func (r *Route) Render(body []byte) (string, error) {
	prompt, err := r.render(body)
	if err != nil {
		return "", fmt.Errorf("webhook route %q: render prompt: %w", r.Name, err)
	}
	return prompt, nil
}

// render is Render without the route in its errors.
func (r *Route) render(body []byte) (string, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return "", fmt.Errorf("%w: empty body", ErrBadPayload)
	}
	if r.Prompt == "" {
		return rawPrompt(body)
	}
	if r.tmpl == nil {
		return "", ErrNotCompiled
	}
	data, err := decodePayload(body)
	if err != nil {
		return "", err
	}
	w := &capWriter{max: MaxPromptBytes}
	if err := r.tmpl.Execute(w, data); err != nil {
		if errors.Is(err, ErrPromptTooLong) {
			return "", fmt.Errorf("%w: over %d bytes", ErrPromptTooLong, MaxPromptBytes)
		}
		return "", fmt.Errorf("%w: %v", ErrRender, err)
	}
	return w.buf.String(), nil
}

// rawPrompt is body as text, with invalid UTF-8 replaced.
func rawPrompt(body []byte) (string, error) {
	s := strings.ToValidUTF8(string(body), "\uFFFD")
	if len(s) > MaxPromptBytes {
		return "", fmt.Errorf("%w: body over %d bytes", ErrPromptTooLong, MaxPromptBytes)
	}
	return s, nil
}

// decodePayload decodes body as one JSON object or array, as described in the
// package doc.
func decodePayload(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPayload, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the JSON value", ErrBadPayload)
	}
	switch v.(type) {
	case map[string]any, []any:
		return normalize(v), nil
	}
	return nil, fmt.Errorf("%w: want a JSON object or array", ErrBadPayload)
}

// normalize drops null members from objects, so that they behave as missing
// keys, and converts numbers, in place.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if e == nil {
				delete(v, k)
				continue
			}
			v[k] = normalize(e)
		}
	case []any:
		for i, e := range v {
			v[i] = normalize(e)
		}
	case json.Number:
		return number(v)
	}
	return v
}

// number is n as an int64 if it is a whole number that fits, else a float64.
// A whole number too big for int64 stays a json.Number, which prints its
// digits exactly.
func number(n json.Number) any {
	if !strings.ContainsAny(string(n), ".eE") {
		if i, err := n.Int64(); err == nil {
			return i
		}
		return n
	}
	if f, err := n.Float64(); err == nil {
		return f
	}
	return n
}

// capWriter collects a prompt and fails a write that would take it past max,
// which stops the template.
type capWriter struct {
	buf bytes.Buffer
	max int
}

// Write appends p, or returns ErrPromptTooLong without appending.
func (w *capWriter) Write(p []byte) (int, error) {
	if w.buf.Len()+len(p) > w.max {
		return 0, ErrPromptTooLong
	}
	return w.buf.Write(p)
}
