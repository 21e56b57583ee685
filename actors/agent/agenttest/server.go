package agenttest

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// CompletionsPath is the one path the server answers.
const CompletionsPath = "/v1/chat/completions"

// maxBody caps a request body the server reads.
const maxBody = 8 << 20

// Server is a fake OpenAI-compatible server on 127.0.0.1. Create it with
// New and stop it with Close. All methods are safe for concurrent use.
type Server struct {
	http      *httptest.Server
	closing   chan struct{} // closed by Close; releases held calls
	closeOnce sync.Once
	ids       atomic.Int64 // numbers completions

	mu        sync.Mutex // guards the fields below
	script    []Step
	otherwise func(Request) Step
	requests  []Request
}

// New starts a Server on a free port of 127.0.0.1. It panics if it cannot
// listen, as httptest.NewServer does.
func New() *Server {
	s := &Server{closing: make(chan struct{}), otherwise: Echo}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("agenttest: listen on 127.0.0.1: " + err.Error())
	}
	s.http = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(s.serveHTTP)}}
	s.http.Start()
	return s
}

// URL returns the server's root URL, such as http://127.0.0.1:41234.
func (s *Server) URL() string {
	return s.http.URL
}

// BaseURL returns the URL OpenAI clients take as their base: URL plus /v1.
func (s *Server) BaseURL() string {
	return s.http.URL + "/v1"
}

// Close stops the server: held calls are dropped without an answer, and
// Close returns once every handler has finished. Requests stays readable.
// Close may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.http.Close()
	})
}

// Requests returns a copy of every call received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Calls returns how many calls the server has received.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// serveHTTP records one call and answers it: a chat completion as its
// step says, anything else with the error OpenAI would give.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		return // the client went away
	}
	req := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	switch {
	case r.URL.Path != CompletionsPath:
		s.record(req)
		writeError(w, http.StatusNotFound, "Unknown request URL: "+r.Method+" "+r.URL.Path)
	case r.Method != http.MethodPost:
		s.record(req)
		writeError(w, http.StatusMethodNotAllowed, "Method not allowed: use POST.")
	case req.decode() != nil:
		s.record(req)
		writeError(w, http.StatusBadRequest, "We could not parse the JSON body of your request.")
	default:
		s.record(req)
		s.answer(w, r, req, s.next(req))
	}
}

// answer writes st's answer to req.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, req Request, st Step) {
	if st.Hang {
		s.wait(r, -1)
		return
	}
	if !s.wait(r, st.Delay) {
		return
	}
	id := "chatcmpl-agenttest-" + strconv.FormatInt(s.ids.Add(1), 10)
	switch {
	case st.failing():
		writeRetryAfter(w, st.RetryAfter)
		writeError(w, st.Status, st.Message)
	case req.Stream:
		s.writeStream(w, r, id, req, st)
	case st.Malformed:
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"message":`)
	default:
		writeCompletion(w, id, req, st.Text)
	}
}

// wait holds the call for d (forever when d < 0) and reports false if the
// client gave up or the server closed first.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	if d == 0 {
		return true
	}
	var timeout <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-timeout:
		return true
	case <-r.Context().Done():
	case <-s.closing:
	}
	return false
}
