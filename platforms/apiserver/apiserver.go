// Package apiserver is the api_server platform: an OpenAI-compatible
// chat-completions API on the gateway's shared listener, one adapter per
// served profile, mounted at /v1/ for the default profile and
// /p/<profile>/v1/ for each named one. A request becomes an Inbound for its
// profile; the profile's reply comes back through this adapter's Send and
// answers the waiting HTTP request.
package apiserver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"switchboard/platforms"
	"switchboard/platforms/apiserver/openai"
	"switchboard/platforms/listener"
)

// Platform is this platform's name.
const Platform = "api_server"

// SessionHeader names the conversation a request continues. Without it
// (and without a "user" field) each request is a conversation of its own.
const SessionHeader = "X-Switchboard-Session"

// Adapter serves one profile's API requests.
type Adapter struct {
	listener.Exchange
	profile string
	mounter listener.Mounter
	handler http.Handler
}

var (
	_ platforms.Adapter  = (*Adapter)(nil)
	_ platforms.Listener = (*Adapter)(nil)
)

// New builds the adapter for profile, answering as model.
func New(profile, model string, m listener.Mounter) *Adapter {
	a := &Adapter{profile: profile, mounter: m}
	api := openai.NewHandler(openai.Options{Models: []string{model}, Runner: openai.RunnerFunc(a.answer)})
	a.handler = withSession(api)
	return a
}

// Platform returns "api_server".
func (a *Adapter) Platform() string { return Platform }

// Routes lists what the adapter mounts while it runs.
func (a *Adapter) Routes() map[string]http.Handler {
	return map[string]http.Handler{"/v1/": a.handler}
}

// Run mounts the API for the profile and serves it until ctx ends; then
// the routes are gone (404) and requests still waiting are cancelled with
// their client's context.
func (a *Adapter) Run(ctx context.Context, in platforms.Intake) error {
	a.Serve(ctx, in, a.mounter, a.profile, a.Routes(), listener.AuthKey)
	return nil
}

// Send answers the request an Outbound replies to. A reply for a request
// that is gone (its client disconnected) is dropped.
func (a *Adapter) Send(_ context.Context, out platforms.Outbound) error {
	a.Reply(out)
	return nil
}

// errNotRunning answers requests that arrive while the profile stops.
var errNotRunning = &openai.StatusError{Status: http.StatusServiceUnavailable, Type: "server_error",
	Code: "profile_not_running", Message: "this profile is not running"}

// answer runs one chat completion through the profile's agent.
func (a *Adapter) answer(ctx context.Context, t openai.Turn) (openai.Reply, error) {
	receipt := platforms.NewID()
	in, reply := a.Expect(receipt, true)
	if in == nil {
		return openai.Reply{}, errNotRunning
	}
	src := source(ctx, t)
	in.Deliver(platforms.Inbound{Source: src, Text: lastUserText(t.Messages), Receipt: receipt})
	select {
	case out, ok := <-reply:
		switch {
		case !ok:
			return openai.Reply{}, errNotRunning
		case out.Failed:
			return openai.Reply{}, &openai.StatusError{Status: http.StatusBadGateway, Type: "server_error",
				Code: "agent_failed", Message: out.Text}
		}
		return openai.Reply{Text: out.Text}, nil
	case <-ctx.Done():
		a.Abandon(in, src, receipt)
		return openai.Reply{}, ctx.Err()
	}
}

// sessionKey carries the SessionHeader of a request to its turn.
type sessionKey struct{}

func withSession(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The listener hands over /v1/<endpoint>; a second /v1/ further on
		// would let a path name one thing and be served as another.
		if strings.Contains(strings.TrimPrefix(r.URL.Path, "/v1"), "/v1/") {
			http.NotFound(w, r)
			return
		}
		if id := r.Header.Get(SessionHeader); id != "" {
			r = r.WithContext(context.WithValue(r.Context(), sessionKey{}, id))
		}
		h.ServeHTTP(w, r)
	})
}

// source is where a request comes from: the conversation named by the
// session header or the "user" field, else a conversation of its own.
func source(ctx context.Context, t openai.Turn) platforms.Source {
	src := platforms.Source{Platform: Platform, ChatType: platforms.ChatDM, UserID: "api"}
	id, _ := ctx.Value(sessionKey{}).(string)
	if id == "" {
		id = t.User
	}
	if id == "" {
		id, src.Ephemeral = platforms.NewID(), true
	}
	src.ChatID = shortID(id)
	return src
}

// lastUserText is the newest user message: what the agent answers. The
// whole conversation is the client's; agents that keep history keep it
// per session.
func lastUserText(msgs []openai.Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "user" {
			return msgs[i].Content
		}
	}
	if len(msgs) > 0 {
		return msgs[len(msgs)-1].Content
	}
	return ""
}

// maxSessionID is the longest session id kept as given; a longer one is
// replaced by its hash, so callers cannot bloat keys, logs and memory.
const maxSessionID = 64

func shortID(id string) string {
	if len(id) <= maxSessionID {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return "h" + hex.EncodeToString(sum[:16])
}
