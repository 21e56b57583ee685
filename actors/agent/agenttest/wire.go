package agenttest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// completion is a chat.completion object, the answer to a call that does
// not stream.
type completion struct {
	ID      string   `json:"id"`
	Object  string   `json:"object"`
	Created int64    `json:"created"`
	Model   string   `json:"model"`
	Choices []choice `json:"choices"`
	Usage   usage    `json:"usage"`
}

type choice struct {
	Index        int     `json:"index"`
	Message      message `json:"message"`
	FinishReason *string `json:"finish_reason"`
}

// chunkChoice is a choice of a streamed chunk: its delta holds only the
// fields that changed, and is {} in the last chunk.
type chunkChoice struct {
	Index        int               `json:"index"`
	Delta        map[string]string `json:"delta"`
	FinishReason *string           `json:"finish_reason"`
}

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// errorEnvelope is OpenAI's error body.
type errorEnvelope struct {
	Error struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Param   *string `json:"param"`
		Code    *string `json:"code"`
	} `json:"error"`
}

// writeCompletion answers req with text, not streamed, as completion id.
func writeCompletion(w http.ResponseWriter, id string, req Request, text string) {
	stop := "stop"
	c := completion{
		ID: id, Object: "chat.completion", Created: time.Now().Unix(), Model: req.Model,
		Choices: []choice{{Message: message{Role: "assistant", Content: text}, FinishReason: &stop}},
		Usage:   countUsage(req, text),
	}
	writeJSON(w, http.StatusOK, c)
}

// countUsage makes up token counts: one token per word.
func countUsage(req Request, text string) usage {
	var prompt int
	for _, m := range req.Messages {
		prompt += len(strings.Fields(m.Content))
	}
	out := len(strings.Fields(text))
	return usage{PromptTokens: prompt, CompletionTokens: out, TotalTokens: prompt + out}
}

// writeError answers with status and an OpenAI error envelope.
func writeError(w http.ResponseWriter, status int, msg string) {
	var e errorEnvelope
	e.Error.Message, e.Error.Type = msg, errorType(status)
	writeJSON(w, status, e)
}

// errorType is the envelope's type for status, as OpenAI names them.
func errorType(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "rate_limit_exceeded"
	case status == http.StatusUnauthorized:
		return "authentication_error"
	case status >= 500:
		return "server_error"
	default:
		return "invalid_request_error"
	}
}

// writeRetryAfter sets Retry-After (seconds, rounded up) and retry-after-ms
// when d is positive.
func writeRetryAfter(w http.ResponseWriter, d time.Duration) {
	if d <= 0 {
		return
	}
	secs := (d + time.Second - 1) / time.Second
	w.Header().Set("Retry-After", strconv.Itoa(int(secs)))
	w.Header().Set("retry-after-ms", strconv.FormatInt(d.Milliseconds(), 10))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic("agenttest: encode answer: " + err.Error()) // only our own types get here
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// chunkHead is what every chunk of one streamed completion repeats.
type chunkHead struct {
	id      string
	created int64
	model   string
}

// writeStream answers req with st's chunks as server-sent events, as
// completion id.
func (s *Server) writeStream(w http.ResponseWriter, r *http.Request, id string, req Request, st Step) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if st.Malformed {
		io.WriteString(w, "data: {\"choices\":[{\"delta\":{\"content\":\n\ndata: [DONE]\n\n")
		return
	}
	head := chunkHead{id: id, created: time.Now().Unix(), model: req.Model}
	writeChunk(w, head, map[string]string{"role": "assistant", "content": ""}, nil)
	for i, c := range st.chunks() {
		if i > 0 && !s.wait(r, st.ChunkDelay) {
			return
		}
		writeChunk(w, head, map[string]string{"content": c}, nil)
	}
	stop := "stop"
	writeChunk(w, head, map[string]string{}, &stop)
	io.WriteString(w, "data: [DONE]\n\n")
}

// writeChunk writes one chat.completion.chunk event and flushes it.
func writeChunk(w http.ResponseWriter, h chunkHead, delta map[string]string, finish *string) {
	c := struct {
		ID      string        `json:"id"`
		Object  string        `json:"object"`
		Created int64         `json:"created"`
		Model   string        `json:"model"`
		Choices []chunkChoice `json:"choices"`
	}{h.id, "chat.completion.chunk", h.created, h.model, []chunkChoice{{Delta: delta, FinishReason: finish}}}
	body, err := json.Marshal(c)
	if err != nil {
		panic("agenttest: encode chunk: " + err.Error())
	}
	fmt.Fprintf(w, "data: %s\n\n", body)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}
