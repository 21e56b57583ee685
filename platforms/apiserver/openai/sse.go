package openai

import (
	"encoding/json"
	"net/http"
)

// sse writes server-sent events, flushing each one. The first failed write
// or flush (a client gone, a writer that cannot flush) is kept in err and
// silences every later write.
type sse struct {
	w   http.ResponseWriter
	rc  *http.ResponseController
	err error
}

// openSSE sends the status and headers of an event stream.
func openSSE(w http.ResponseWriter) *sse {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	// Asks nginx-style proxies not to buffer the stream.
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	return &sse{w: w, rc: http.NewResponseController(w)}
}

// data sends v, encoded as JSON, as one event.
func (s *sse) data(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.fail(err)
		return
	}
	s.write("data: " + string(b) + "\n\n")
}

// done sends the closing "[DONE]" event.
func (s *sse) done() { s.write("data: [DONE]\n\n") }

// comment sends a comment line, which clients ignore; it keeps an idle
// connection alive.
func (s *sse) comment(text string) { s.write(": " + text + "\n\n") }

func (s *sse) write(frame string) {
	if s.err != nil {
		return
	}
	if _, err := s.w.Write([]byte(frame)); err != nil {
		s.fail(err)
		return
	}
	if err := s.rc.Flush(); err != nil {
		s.fail(err)
	}
}

func (s *sse) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}
