package agenttest

import (
	"strings"
	"time"
)

// Step is how the server answers one call. The zero Step answers 200 with
// an empty reply. Fields combine: Delay applies before any answer, and
// RetryAfter goes with any Status.
type Step struct {
	// Text is the assistant's reply.
	Text string
	// Chunks, when set, are the content deltas of a streamed reply; by
	// default Text is streamed one word (with its trailing space) per
	// chunk. A non-streamed reply ignores Chunks.
	Chunks []string
	// Status, when not 0 or 200, answers with that HTTP status and an
	// OpenAI-style error envelope carrying Message.
	Status int
	// Message is the error message of a failing Status.
	Message string
	// RetryAfter, when positive, is sent as Retry-After (whole seconds,
	// rounded up) and retry-after-ms, as OpenAI does on 429.
	RetryAfter time.Duration
	// Delay holds the answer back this long, or until the client gives up.
	Delay time.Duration
	// ChunkDelay waits this long before each streamed chunk after the first.
	ChunkDelay time.Duration
	// Hang never answers: the call is held until the client gives up or the
	// server closes.
	Hang bool
	// Malformed answers 200 with a body that breaks the protocol: truncated
	// JSON, or for a stream an event whose data is not JSON.
	Malformed bool
}

// Reply answers with text.
func Reply(text string) Step { return Step{Text: text} }

// Fail answers with an HTTP error status and an error envelope carrying
// message.
func Fail(status int, message string) Step { return Step{Status: status, Message: message} }

// RateLimit answers 429 asking the client to retry after d.
func RateLimit(d time.Duration) Step {
	return Step{Status: 429, Message: "Rate limit reached. Please try again later.", RetryAfter: d}
}

// Hang holds the call without answering until the client gives up.
func Hang() Step { return Step{Hang: true} }

// Malformed answers 200 with a body no client can parse.
func Malformed() Step { return Step{Malformed: true} }

// After returns st delayed by d.
func (st Step) After(d time.Duration) Step {
	st.Delay = d
	return st
}

// Echo answers "echo: " followed by the request's last user message. It is
// the default Otherwise function.
func Echo(r Request) Step { return Reply("echo: " + r.LastUserText()) }

// chunks returns the deltas of st's streamed reply.
func (st Step) chunks() []string {
	if st.Chunks != nil {
		return st.Chunks
	}
	if st.Text == "" {
		return nil
	}
	return strings.SplitAfter(st.Text, " ")
}

// failing reports whether st answers with an error status.
func (st Step) failing() bool {
	return st.Status != 0 && st.Status != 200
}

// Script queues steps: the next calls are answered by them in order, one
// step per call, before the Otherwise function takes over again.
func (s *Server) Script(steps ...Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, steps...)
}

// Otherwise sets the function that answers calls when the script is empty.
// A nil f restores Echo. f runs with no lock held and may be called from
// several goroutines at once.
func (s *Server) Otherwise(f func(Request) Step) {
	if f == nil {
		f = Echo
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.otherwise = f
}

// record keeps r for Requests.
func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
}

// next returns the step that answers r: the script's first, else what the
// Otherwise function says.
func (s *Server) next(r Request) Step {
	s.mu.Lock()
	if len(s.script) > 0 {
		st := s.script[0]
		s.script = s.script[1:]
		s.mu.Unlock()
		return st
	}
	f := s.otherwise
	s.mu.Unlock()
	return f(r)
}
