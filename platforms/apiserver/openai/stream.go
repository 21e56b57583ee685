package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// chunk is one "chat.completion.chunk" of a streamed answer.
type chunk struct {
	ID      string        `json:"id"`
	Object  string        `json:"object"`
	Created int64         `json:"created"`
	Model   string        `json:"model"`
	Choices []chunkChoice `json:"choices"`
	Usage   *usage        `json:"usage,omitempty"`
}

// chunkChoice carries one delta; FinishReason is null until the last.
type chunkChoice struct {
	Index        int     `json:"index"`
	Delta        delta   `json:"delta"`
	FinishReason *string `json:"finish_reason"`
}

// delta is the part of the assistant message a chunk adds.
type delta struct {
	Role    string `json:"role,omitempty"`
	Content string `json:"content,omitempty"`
}

// result is what a Runner gave back.
type result struct {
	reply Reply
	err   error
}

// chunk builds a chunk of the answer m describes holding d.
func (m meta) chunk(d delta, finish string) chunk {
	c := chunk{ID: m.id, Object: "chat.completion.chunk", Created: m.created, Model: m.model}
	c.Choices = []chunkChoice{{Delta: d, FinishReason: nullable(finish)}}
	return c
}

// stream answers a streamed request. The Runner runs on its own goroutine
// so that a long turn can be kept alive (see Options.KeepAlive); the
// handler always waits for it, so it never outlives the request.
func (h *handler) stream(w http.ResponseWriter, r *http.Request, t Turn, m meta, withUsage bool) {
	ran := make(chan result, 1)
	go h.runAsync(r.Context(), t, ran)
	var tick <-chan time.Time
	if h.keepAlive > 0 {
		ticker := time.NewTicker(h.keepAlive)
		defer ticker.Stop()
		tick = ticker.C
	}
	var s *sse
	for {
		select {
		case res := <-ran:
			h.endStream(w, r, s, t, m, res, withUsage)
			return
		case <-tick:
			if s == nil {
				s = openStream(w, m)
			} else {
				s.comment("keep-alive")
			}
		}
	}
}

// runAsync runs t and sends the outcome on ran, turning a panic into an
// error so that it cannot take the process down from this goroutine.
func (h *handler) runAsync(ctx context.Context, t Turn, ran chan<- result) {
	defer func() {
		if p := recover(); p != nil {
			ran <- result{err: fmt.Errorf("openai runner panicked: %v", p)}
		}
	}()
	reply, err := h.runner.Run(ctx, t)
	ran <- result{reply: reply, err: err}
}

// openStream starts the event stream with the chunk naming the role.
func openStream(w http.ResponseWriter, m meta) *sse {
	s := openSSE(w)
	s.data(m.chunk(delta{Role: "assistant"}, ""))
	return s
}

// endStream sends the Runner's outcome on s, opening it first if the turn
// was quick enough that it is still nil.
func (h *handler) endStream(w http.ResponseWriter, r *http.Request, s *sse, t Turn, m meta, res result, withUsage bool) {
	switch {
	case res.err != nil && s == nil:
		h.runFailed(w, r, res.err)
		return
	case res.err != nil:
		h.streamFailed(r, s, res.err)
		return
	case s == nil:
		s = openStream(w, m)
	}
	for _, piece := range splitWords(res.reply.Text) {
		s.data(m.chunk(delta{Content: piece}, ""))
	}
	s.data(m.chunk(delta{}, "stop"))
	if withUsage {
		u := countUsage(t, res.reply)
		s.data(chunk{ID: m.id, Object: "chat.completion.chunk", Created: m.created, Model: m.model,
			Choices: []chunkChoice{}, Usage: &u})
	}
	s.done()
	if s.err != nil {
		h.log.Debug().Err(s.err).Msg("write stream")
	}
}

// streamFailed ends an open stream with an error event.
func (h *handler) streamFailed(r *http.Request, s *sse, err error) {
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		h.log.Debug().Err(err).Msg("client went away during turn")
		return
	}
	h.logRunError(err)
	s.data(errorBody{Error: fromRunError(err)})
}
