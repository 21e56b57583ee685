package listener

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// newTestServer builds a listener without binding a socket; loopback says
// whether it behaves as if bound to 127.0.0.1.
func newTestServer(loopback bool, keys map[string]string) *Server {
	s := &Server{
		opts:     Options{DefaultProfile: "default", Multiplex: true, MaxBodyBytes: 100, Keys: keys},
		loopback: loopback, mounts: map[string]map[string]mount{},
		gateway: map[string]http.Handler{}, gwAuth: map[string]bool{},
		buffering: make(chan struct{}, maxBuffering),
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	s.Handle("/healthz", ok, false)
	s.Handle("/status", ok, true)
	s.Mount("default", "/v1/", ok, AuthKey)
	s.Mount("alpha", "/v1/", ok, AuthKey)
	return s
}

func status(s *Server, path, key string) int {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	if key != "" {
		r.Header.Set("Authorization", "bearer "+key)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w.Code
}

// TestKeysOffLoopback checks what a listener reachable from the network
// demands: the default key for /status, and no keyless default profile.
func TestKeysOffLoopback(t *testing.T) {
	cases := []struct {
		name     string
		loopback bool
		keys     map[string]string
		path     string
		key      string
		want     int
	}{
		{"health is open", false, nil, "/healthz", "", 200},
		{"status needs the default key off loopback", false, map[string]string{"default": "dk"}, "/status", "", 401},
		{"status with the default key", false, map[string]string{"default": "dk"}, "/status", "dk", 200},
		{"status with another profile's key", false, map[string]string{"default": "dk", "alpha": "ak"}, "/status", "ak", 401},
		{"status open on loopback", true, nil, "/status", "", 200},
		{"keyless default on loopback", true, nil, "/v1/models", "", 200},
		{"keyless default off loopback", false, nil, "/v1/models", "", 401},
		{"keyless named profile on loopback", true, nil, "/p/alpha/v1/models", "", 401},
		{"scheme is case-insensitive", false, map[string]string{"default": "dk"}, "/v1/models", "dk", 200},
	}
	for _, tc := range cases {
		if got := status(newTestServer(tc.loopback, tc.keys), tc.path, tc.key); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestUnmountedProfileIs404(t *testing.T) {
	s := newTestServer(true, map[string]string{"alpha": "ak"})
	if got := status(s, "/p/alpha/v1/models", "ak"); got != 200 {
		t.Fatalf("mounted: %d", got)
	}
	s.Unmount("alpha", "/v1/")
	if got := status(s, "/p/alpha/v1/models", "ak"); got != 404 {
		t.Errorf("after its adapter stopped: %d, want 404", got)
	}
}

func TestDrainingAnswers503(t *testing.T) {
	s := newTestServer(true, map[string]string{"alpha": "ak"})
	s.Drain()
	if got := status(s, "/p/alpha/v1/models", "ak"); got != http.StatusServiceUnavailable {
		t.Errorf("profile route while draining: %d, want 503", got)
	}
	if got := status(s, "/healthz", ""); got != http.StatusOK {
		t.Errorf("/healthz while draining: %d, want 200", got)
	}
}
