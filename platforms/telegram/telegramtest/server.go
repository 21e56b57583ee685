package telegramtest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Server is a fake Telegram Bot API server on 127.0.0.1. Create it with New,
// register tokens with AddBot and stop it with Close. All methods are safe
// for concurrent use.
type Server struct {
	http         *httptest.Server
	closing      chan struct{} // closed by Close; ends held requests
	closeOnce    sync.Once
	updateIDBase int64 // first update_id of every bot; 0 picks one per bot

	mu              sync.Mutex // guards everything below and all bot state
	bots            map[string]*botState
	calls           []*Call
	callCounts      map[callKey]int
	concurrentPolls int
}

// Option configures a Server in New.
type Option func(*Server)

// WithUpdateIDBase makes base the first update_id assigned on every bot, for
// tests that want predictable ids. By default (or with base 0) each bot
// starts at its own random id between 10^8 and 9·10^8, as real update ids
// are large and unrelated across bots.
func WithUpdateIDBase(base int64) Option {
	return func(s *Server) { s.updateIDBase = base }
}

// New starts a Server listening on 127.0.0.1 on a free port. It panics if it
// cannot listen, as httptest.NewServer does.
func New(opts ...Option) *Server {
	s := &Server{
		closing:    make(chan struct{}),
		bots:       make(map[string]*botState),
		callCounts: make(map[callKey]int),
	}
	for _, opt := range opts {
		opt(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("telegramtest: listen on 127.0.0.1: " + err.Error())
	}
	s.http = &httptest.Server{
		Listener: ln,
		Config:   &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ConnContext: withConn},
	}
	s.http.Start()
	return s
}

// URL returns the server's base URL, such as http://127.0.0.1:41234, to pass
// to bot.WithServerURL or the gateway's api_url.
func (s *Server) URL() string {
	return s.http.URL
}

// Close stops the server: held long polls and hung faults are dropped without
// an answer, and Close returns once every handler has finished. The recorded
// state (Calls, Sent, ...) stays readable afterwards. Close may be called
// more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.http.Close()
	})
}

// serveHTTP parses and records one call, then answers it.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	token, method, routed := splitPath(r.URL.Path)
	params, perr := readParams(r)
	c := &call{w: w, r: r, method: method, params: params}
	rec := s.beginCall(token, method, params)
	defer func() { s.endCall(rec, c.status, c.faulted) }()
	switch {
	case !routed:
		c.answer(nil, errNotFound)
	case perr != nil:
		c.answer(nil, badRequest("invalid request body"))
	default:
		s.dispatch(c, token)
	}
}

// dispatch answers a routed call: token check, scripted faults, then the
// method itself.
func (s *Server) dispatch(c *call, token string) {
	c.bot = s.lookup(token)
	if c.bot == nil {
		c.answer(nil, errUnauthorized)
		return
	}
	if c.method == "getupdates" {
		c.poll = s.beginPoll(c.r.Context(), c.bot)
		defer s.endPoll(c.bot, c.poll)
	}
	if f, ok := s.nextFault(c.bot, c.method); ok {
		c.faulted = true
		if c.applyFault(f, s.closing) {
			return
		}
	}
	handle, ok := methods[c.method]
	if !ok {
		c.answer(nil, errNotFound)
		return
	}
	c.answer(handle(s, c))
}

// splitPath splits /bot<token>/<method> and lower-cases the method, since
// Telegram matches method names case-insensitively.
func splitPath(path string) (token, method string, ok bool) {
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		return "", "", false
	}
	token, method, ok = strings.Cut(rest, "/")
	if !ok || token == "" || method == "" {
		return "", "", false
	}
	return token, strings.ToLower(method), true
}
