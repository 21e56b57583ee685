// Package openai serves the OpenAI chat-completions wire format, so that any
// OpenAI client (SDKs, curl, chat front-ends) can talk to a Switchboard
// profile. It knows nothing of profiles or agents: each completion is handed
// as a Turn to a Runner that the gateway supplies. The gateway mounts the
// handler at /v1/ and /p/<profile>/v1/ and does authentication, path
// hygiene and body-size limits before calling it.
package openai

import (
	"net/http"
	"slices"
	"time"

	"github.com/rs/zerolog"
)

// defaultKeepAlive is how long a streamed turn may stay silent before the
// stream is opened and kept alive with comments; see Options.KeepAlive.
const defaultKeepAlive = 15 * time.Second

// Options configures NewHandler.
type Options struct {
	// Models lists the model ids served by GET models. The first is used
	// when a request names no model. A request naming a model not listed is
	// refused with 404 model_not_found; when Models is empty any model is
	// accepted.
	Models []string
	// Runner answers each chat completion. Required.
	Runner Runner
	// Now gives the time for "created" fields. Default time.Now.
	Now func() time.Time
	// KeepAlive is how long a streamed completion may wait for its Runner
	// before the handler commits to 200, sends the first chunk (the
	// assistant role) and then an SSE comment every KeepAlive, so that
	// proxies and clients do not give up on a long turn. A Runner error
	// after that point travels as an SSE error event instead of an HTTP
	// status. Default 15s; negative disables it, so that streamed errors
	// always get their status at the cost of a silent wait.
	KeepAlive time.Duration
	// Log receives Runner failures that the client only sees as a generic
	// server error, and write failures at debug level. The zero Logger
	// discards everything.
	Log zerolog.Logger
}

// handler is the http.Handler NewHandler returns.
type handler struct {
	models    []string
	runner    Runner
	now       func() time.Time
	keepAlive time.Duration
	log       zerolog.Logger
	// created is the "created" time reported for every model.
	created int64
}

// NewHandler returns a handler that serves, below any path prefix ending in
// "/v1" (or none), GET models, GET models/<id> and POST chat/completions.
// It panics if o.Runner is nil, which is a wiring mistake.
func NewHandler(o Options) http.Handler {
	if o.Runner == nil {
		panic("openai: NewHandler needs a Runner")
	}
	h := &handler{
		models:    slices.Clone(o.Models),
		runner:    o.Runner,
		now:       o.Now,
		keepAlive: o.KeepAlive,
		log:       o.Log,
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.keepAlive == 0 {
		h.keepAlive = defaultKeepAlive
	}
	h.created = h.now().Unix()
	return h
}

// ServeHTTP routes a request to its endpoint.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt, arg := route(r.URL.Path)
	switch rt {
	case routeModels:
		h.only(w, r, http.MethodGet, h.listModels)
	case routeModel:
		h.only(w, r, http.MethodGet, func(w http.ResponseWriter, r *http.Request) { h.getModel(w, arg) })
	case routeCompletions:
		h.only(w, r, http.MethodPost, h.completions)
	default:
		h.writeError(w, apiError{
			status:  http.StatusNotFound,
			Message: "Invalid URL (" + r.Method + " " + r.URL.Path + ")",
			Type:    typeInvalidRequest,
			Code:    nullable("unknown_url"),
		})
	}
}

// only calls serve if r uses method, and answers 405 otherwise.
func (h *handler) only(w http.ResponseWriter, r *http.Request, method string, serve http.HandlerFunc) {
	if r.Method == method {
		serve(w, r)
		return
	}
	w.Header().Set("Allow", method)
	h.writeError(w, apiError{
		status:  http.StatusMethodNotAllowed,
		Message: "Method " + r.Method + " is not allowed here; use " + method + ".",
		Type:    typeInvalidRequest,
		Code:    nullable("method_not_allowed"),
	})
}
