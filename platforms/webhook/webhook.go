// Package webhook is the webhook platform: signed HTTP deliveries (GitHub
// and the like) at /webhooks/<route> and /p/<profile>/webhooks/<route>,
// each rendered into a prompt for the route's profile. The answer goes back
// in the HTTP response, or to a chat through the profile's own bot while
// the sender gets 202 at once. One adapter serves the routes bound to one
// profile.
package webhook

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"switchboard/platforms"
	"switchboard/platforms/listener"
	"switchboard/platforms/webhook/hook"
)

// Platform is this platform's name.
const Platform = "webhook"

// prefix is where the routes are mounted below the profile's prefix.
const prefix = "/webhooks/"

// Route is a configured route with its delivery target.
type Route struct {
	hook.Route
	Target hook.Target
}

// Adapter serves one profile's webhook routes.
type Adapter struct {
	listener.Exchange
	profile string
	mounter listener.Mounter
	routes  map[string]*Route
	dedupe  *hook.Dedupe
}

var _ platforms.Listener = (*Adapter)(nil)

// New builds the adapter; every route must be compiled.
func New(profile string, routes map[string]*Route, m listener.Mounter) *Adapter {
	return &Adapter{profile: profile, mounter: m, routes: routes, dedupe: hook.NewDedupe(0, 0, nil)}
}

// Platform returns "webhook".
func (a *Adapter) Platform() string { return Platform }

// Routes lists what the adapter mounts while it runs.
func (a *Adapter) Routes() map[string]http.Handler {
	return map[string]http.Handler{prefix: http.HandlerFunc(a.serve)}
}

// Run serves the routes until ctx ends.
func (a *Adapter) Run(ctx context.Context, in platforms.Intake) error {
	a.Serve(ctx, in, a.mounter, a.profile, a.Routes(), listener.AuthSelf)
	return nil
}

// Send answers the delivery waiting for this reply, if it still waits.
func (a *Adapter) Send(_ context.Context, out platforms.Outbound) error {
	a.Reply(out)
	return nil
}

// serve takes one delivery: verify, dedupe, render, hand over.
func (a *Adapter) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		answer(w, http.StatusMethodNotAllowed, "error", "use POST")
		return
	}
	rt := a.routes[strings.TrimPrefix(r.URL.Path, prefix)]
	if rt == nil {
		answer(w, http.StatusNotFound, "error", "no such route")
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		answer(w, http.StatusBadRequest, "error", "body could not be read")
		return
	}
	if err := rt.Verify(r.Header, body); err != nil {
		answer(w, http.StatusUnauthorized, "error", "bad or missing signature")
		return
	}
	id := rt.DeliveryID(r.Header)
	if a.dedupe.Seen(rt.Name, id) {
		answer(w, http.StatusOK, "status", "duplicate delivery ignored")
		return
	}
	prompt, err := rt.Render(body)
	if err != nil {
		a.dedupe.Forget(rt.Name, id)
		answer(w, http.StatusBadRequest, "error", "payload could not be read: "+err.Error())
		return
	}
	if !a.deliver(w, r, rt, prompt) {
		a.dedupe.Forget(rt.Name, id) // not taken: let the sender retry
	}
}

// deliver hands the prompt to the profile and answers the sender. It
// reports whether the delivery was taken.
func (a *Adapter) deliver(w http.ResponseWriter, r *http.Request, rt *Route, prompt string) bool {
	receipt := platforms.NewID()
	in, reply := a.Expect(receipt, rt.Target.Response)
	if in == nil {
		answer(w, http.StatusServiceUnavailable, "error", "this profile is not running")
		return false
	}
	msg := platforms.Inbound{Text: prompt, Receipt: receipt, Source: platforms.Source{
		Platform: Platform, ChatType: platforms.ChatDM, ChatID: rt.Name, UserID: "webhook:" + rt.Name}}
	if !rt.Target.Response {
		msg.ReplyVia = &platforms.Source{Platform: rt.Target.Platform, ChatType: platforms.ChatGroup,
			ChatID: rt.Target.ChatID, ThreadID: rt.Target.ThreadID}
		in.Deliver(msg)
		answer(w, http.StatusAccepted, "status", "accepted")
		return true
	}
	in.Deliver(msg)
	select {
	case out, ok := <-reply:
		switch {
		case !ok:
			answer(w, http.StatusServiceUnavailable, "error", "this profile stopped before answering")
			return false
		case out.Failed:
			answer(w, http.StatusBadGateway, "error", out.Text)
			return false
		}
		answer(w, http.StatusOK, "reply", out.Text)
		return true
	case <-r.Context().Done():
		// The sender gave up and will deliver again: let that one through.
		a.Abandon(in, msg.Source, receipt)
		return false
	}
}

// answer writes a small JSON object {key: text}.
func answer(w http.ResponseWriter, status int, key, text string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// A sender that went away cannot be told; there is nothing else to do.
	_ = json.NewEncoder(w).Encode(map[string]string{key: text})
}
