package openai

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// mounts are the prefixes the gateway serves the handler under.
var mounts = []string{"/v1/", "/p/alpha/v1/"}

// recorder is a Runner that answers every turn with reply (or err) and
// keeps the turns it was asked.
type recorder struct {
	reply Reply
	err   error

	mu    sync.Mutex
	turns []Turn
}

func (r *recorder) Run(_ context.Context, t Turn) (Reply, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.turns = append(r.turns, t)
	return r.reply, r.err
}

// last returns the latest turn, failing the test if there was none.
func (r *recorder) last(t *testing.T) Turn {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.turns) == 0 {
		t.Fatal("the runner was never called")
	}
	return r.turns[len(r.turns)-1]
}

// count returns how many turns the runner was asked.
func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.turns)
}

// newServer serves a handler built from o under every mount, the way the
// gateway does, on a 127.0.0.1 listener closed when the test ends.
func newServer(t *testing.T, o Options) *httptest.Server {
	t.Helper()
	h := NewHandler(o)
	mux := http.NewServeMux()
	for _, m := range mounts {
		mux.Handle(m, h)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns the official OpenAI client aimed at srv under mount,
// never at OpenAI itself.
func newClient(srv *httptest.Server, mount string) oai.Client {
	return oai.NewClient(
		option.WithBaseURL(srv.URL+mount),
		option.WithAPIKey("sk-test-dummy"),
		option.WithHTTPClient(srv.Client()),
		option.WithMaxRetries(0),
	)
}
