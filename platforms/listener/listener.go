// Package listener is the gateway's one shared HTTP listener. The default
// profile owns it; every served profile is reachable under /p/<profile>/,
// and the default profile also without a prefix. Adapters mount their
// routes per profile while they run, so a profile that is not running has
// no routes and gets 404. The listener checks what no route should have to:
// path tricks, body size, and the routed profile's own API key.
package listener

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
)

// Auth says how a mounted route is authenticated.
type Auth int

const (
	// AuthKey needs the routed profile's API key as a bearer token.
	AuthKey Auth = iota
	// AuthSelf leaves authentication to the route (HMAC signatures,
	// Telegram's secret token).
	AuthSelf
)

// readTimeout is how long a client may take to send one whole request.
const readTimeout = 30 * time.Second

// maxBuffering caps the requests whose bodies are read into memory at
// once; more wait their turn, so memory stays near maxBuffering times
// gateway.max_body_bytes however many clients send.
const maxBuffering = 64

// Options configure a listener.
type Options struct {
	// Addr is the host:port to listen on.
	Addr string
	// DefaultProfile is the name of the profile served without a prefix.
	DefaultProfile string
	// Multiplex serves /p/<profile>/ prefixes; off, any prefix is 404.
	Multiplex bool
	// MaxBodyBytes caps request bodies; larger ones get 413.
	MaxBodyBytes int64
	// Keys maps each profile to its API key; a profile without one refuses
	// AuthKey routes, except the default profile on a loopback listener.
	Keys map[string]string
	// Log receives request errors.
	Log zerolog.Logger
}

// Server is a running listener.
type Server struct {
	opts     Options
	loopback bool
	ln       net.Listener
	srv      *http.Server

	mu      sync.RWMutex
	mounts  map[string]map[string]mount // profile → path prefix → route
	gateway map[string]http.Handler     // exact paths such as /healthz
	gwAuth  map[string]bool             // gateway paths that need the default key off loopback

	buffering chan struct{} // one token per body being read; see maxBuffering
	draining  atomic.Bool   // set when the gateway stops taking requests
}

type mount struct {
	h    http.Handler
	auth Auth
}

// Listen binds the address at once, so that a taken port fails start-up.
func Listen(opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w (fix: set gateway.listen to a free address)", opts.Addr, err)
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	ip := net.ParseIP(host)
	s := &Server{
		opts:      opts,
		loopback:  ip != nil && ip.IsLoopback(),
		ln:        ln,
		mounts:    map[string]map[string]mount{},
		gateway:   map[string]http.Handler{},
		gwAuth:    map[string]bool{},
		buffering: make(chan struct{}, maxBuffering),
	}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		// ReadTimeout bounds reading a whole request, body included, so a
		// client trickling a body cannot hold a connection and its buffer.
		// Responses (long streams) have no write deadline.
		ReadTimeout: readTimeout,
		IdleTimeout: 2 * time.Minute,
	}
	return s, nil
}

// Drain makes every profile route answer 503 from now on: the gateway is
// stopping, and clients should retry elsewhere or later. Requests already
// inside go on; the gateway's own paths (/healthz, /status) still answer.
func (s *Server) Drain() { s.draining.Store(true) }

// Addr is the address the listener is bound to.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve answers requests until Shutdown; it returns nil after Shutdown.
func (s *Server) Serve() error {
	if err := s.srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("listener: %w", err)
	}
	return nil
}

// Shutdown stops taking connections and waits for requests in flight
// until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.srv.Shutdown(ctx)
}

// Handle serves an exact gateway path (/healthz). keyed paths need the
// default profile's key when the listener is not on loopback.
func (s *Server) Handle(path string, h http.Handler, keyed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gateway[path] = h
	s.gwAuth[path] = keyed
}

// Mount serves h for profile at paths starting with prefix (under
// /p/<profile>, and bare for the default profile). A prefix without a
// trailing slash matches only itself.
func (s *Server) Mount(profile, prefix string, h http.Handler, auth Auth) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mounts[profile] == nil {
		s.mounts[profile] = map[string]mount{}
	}
	s.mounts[profile][prefix] = mount{h: h, auth: auth}
}

// Unmount removes a route; its requests get 404 from then on.
func (s *Server) Unmount(profile, prefix string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.mounts[profile], prefix)
	if len(s.mounts[profile]) == 0 {
		delete(s.mounts, profile)
	}
}

// Mounter is what adapters mount their routes on: the listener, or a
// stand-in in tests.
type Mounter interface {
	Mount(profile, prefix string, h http.Handler, auth Auth)
	Unmount(profile, prefix string)
}

var _ Mounter = (*Server)(nil)
