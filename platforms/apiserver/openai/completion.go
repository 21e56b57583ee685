package openai

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
)

// completion is a non-streamed answer: a "chat.completion" object.
type completion struct {
	ID      string   `json:"id"`
	Object  string   `json:"object"`
	Created int64    `json:"created"`
	Model   string   `json:"model"`
	Choices []choice `json:"choices"`
	Usage   usage    `json:"usage"`
}

// choice is the one choice of a completion.
type choice struct {
	Index        int     `json:"index"`
	Message      message `json:"message"`
	FinishReason string  `json:"finish_reason"`
}

// message is the assistant's message in a choice.
type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// meta is what every object answering one request shares.
type meta struct {
	id      string
	created int64
	model   string
}

// completions answers POST chat/completions.
func (h *handler) completions(w http.ResponseWriter, r *http.Request) {
	req, msgs, bad := readRequest(r)
	if bad != nil {
		h.writeError(w, *bad)
		return
	}
	id, ok := h.pickModel(req.Model)
	if !ok {
		h.writeError(w, modelNotFound(req.Model))
		return
	}
	turn := Turn{Model: id, Messages: msgs, User: req.User, Stream: req.Stream}
	m := meta{id: "chatcmpl-" + rand.Text(), created: h.now().Unix(), model: id}
	if req.Stream {
		h.stream(w, r, turn, m, req.includeUsage())
		return
	}
	reply, err := h.runner.Run(r.Context(), turn)
	if err != nil {
		h.runFailed(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, completion{
		ID:      m.id,
		Object:  "chat.completion",
		Created: m.created,
		Model:   m.model,
		Choices: []choice{{Message: message{Role: "assistant", Content: reply.Text}, FinishReason: "stop"}},
		Usage:   countUsage(turn, reply),
	})
}

// runFailed answers a Runner error that came before any byte was sent.
// Nothing is written for a client that has gone away.
func (h *handler) runFailed(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		h.log.Debug().Err(err).Msg("client went away during turn")
		return
	}
	h.logRunError(err)
	h.writeError(w, fromRunError(err))
}

// logRunError logs a Runner failure whose cause the client is not told.
func (h *handler) logRunError(err error) {
	if _, ok := asStatusError(err); ok {
		h.log.Debug().Err(err).Msg("turn refused")
		return
	}
	h.log.Warn().Err(err).Msg("turn failed")
}
