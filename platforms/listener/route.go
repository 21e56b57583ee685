package listener

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// ServeHTTP routes one request: gateway paths, then the profile named by a
// /p/<profile>/ prefix (or the default profile), then that profile's
// longest matching mount.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path, ok := cleanPath(r)
	if !ok {
		fail(w, http.StatusNotFound, "not_found", "no such path")
		return
	}
	if h, keyed, ok := s.gatewayRoute(path); ok {
		if keyed && !s.loopback && !s.authorized(r, s.opts.DefaultProfile) {
			fail(w, http.StatusUnauthorized, "invalid_api_key", "this path needs the default profile's API key")
			return
		}
		h.ServeHTTP(w, r)
		return
	}
	if s.draining.Load() {
		w.Header().Set("Retry-After", "5")
		fail(w, http.StatusServiceUnavailable, "stopping", "the gateway is stopping; try again shortly")
		return
	}
	profile, rest, ok := s.profileOf(path)
	if !ok {
		fail(w, http.StatusNotFound, "not_found", "no such profile")
		return
	}
	m, ok := s.match(profile, rest)
	if !ok {
		fail(w, http.StatusNotFound, "not_found", "no such path")
		return
	}
	if m.auth == AuthKey && !s.authorized(r, profile) {
		fail(w, http.StatusUnauthorized, "invalid_api_key", "missing or wrong API key for this profile")
		return
	}
	if !s.limitBody(w, r) {
		return
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path, r2.URL.RawPath = rest, ""
	r2.Body = r.Body
	m.h.ServeHTTP(w, r2)
}

// cleanPath returns the request path if it is plain: no encoded slashes,
// backslashes or dots, no empty, "." or ".." segments. Anything else could
// be read differently by two layers and is refused.
func cleanPath(r *http.Request) (string, bool) {
	raw := r.URL.EscapedPath()
	lower := strings.ToLower(raw)
	for _, bad := range []string{"%2f", "%5c", "%2e", "%00", "\\"} {
		if strings.Contains(lower, bad) {
			return "", false
		}
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") {
		return "", false
	}
	for i, seg := range strings.Split(p[1:], "/") {
		last := i == strings.Count(p[1:], "/")
		if seg == "." || seg == ".." || (seg == "" && !last) {
			return "", false
		}
	}
	return p, true
}

func (s *Server) gatewayRoute(path string) (http.Handler, bool, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	h, ok := s.gateway[path]
	return h, s.gwAuth[path], ok
}

// profileOf splits /p/<profile>/rest. Without a prefix the path belongs to
// the default profile.
func (s *Server) profileOf(path string) (string, string, bool) {
	rest, ok := strings.CutPrefix(path, "/p/")
	if !ok {
		return s.opts.DefaultProfile, path, true
	}
	if !s.opts.Multiplex {
		return "", "", false
	}
	name, tail, _ := strings.Cut(rest, "/")
	s.mu.RLock()
	_, served := s.mounts[name]
	s.mu.RUnlock()
	if name == "" || !served {
		return "", "", false
	}
	return name, "/" + tail, true
}

// match finds the profile's mount with the longest prefix of path.
func (s *Server) match(profile, path string) (mount, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var best mount
	bestLen := -1
	for prefix, m := range s.mounts[profile] {
		hit := path == prefix || (strings.HasSuffix(prefix, "/") && strings.HasPrefix(path, prefix)) ||
			path+"/" == prefix
		if hit && len(prefix) > bestLen {
			best, bestLen = m, len(prefix)
		}
	}
	return best, bestLen >= 0
}

// authorized checks the bearer token against the profile's own key, in
// constant time. A profile without a key refuses, except the default
// profile on a loopback listener (the embedded default, for a first curl).
func (s *Server) authorized(r *http.Request, profile string) bool {
	key := s.opts.Keys[profile]
	if key == "" {
		return profile == s.opts.DefaultProfile && s.loopback
	}
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return ok && strings.EqualFold(scheme, "Bearer") &&
		subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(key)) == 1
}

// limitBody reads the body up to the limit, so that an oversized one (also
// when chunked) gets 413 before any route sees it.
func (s *Server) limitBody(w http.ResponseWriter, r *http.Request) bool {
	if r.Body == nil || r.Body == http.NoBody {
		return true
	}
	limit := s.opts.MaxBodyBytes
	if r.ContentLength > limit {
		fail(w, http.StatusRequestEntityTooLarge, "body_too_large", "request body is too large")
		return false
	}
	select {
	case s.buffering <- struct{}{}:
		defer func() { <-s.buffering }()
	case <-r.Context().Done():
		return false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		fail(w, http.StatusRequestEntityTooLarge, "body_too_large", "request body is too large")
		return false
	case err != nil:
		fail(w, http.StatusBadRequest, "bad_body", "request body could not be read")
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return true
}

// fail writes an OpenAI-style error object, which API clients understand
// and other callers can read.
func fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// A client that went away cannot be told; there is nothing else to do.
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"message": msg, "type": errType(status), "code": code,
	}})
}

func errType(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "authentication_error"
	case http.StatusNotFound:
		return "not_found_error"
	default:
		return "invalid_request_error"
	}
}
