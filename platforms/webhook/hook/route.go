package hook

import (
	"fmt"
	"net/http"
	"text/template"
)

// DefaultDeliveryIDHeader is the header that carries a delivery id when a
// route does not name one. GitHub sends it; so can any other sender.
const DefaultDeliveryIDHeader = "X-GitHub-Delivery"

// MaxPromptBytes caps a rendered prompt, and the raw body used as a prompt, so
// that one delivery cannot build an unbounded string in the gateway.
const MaxPromptBytes = 64 << 10

// Route is one configured webhook route. Build it from config, call Compile
// once, and do not change its fields afterwards; a compiled Route is safe for
// concurrent use.
type Route struct {
	// Name is the route's name as it appears in the URL, /webhooks/<name>. It
	// names the route in every error.
	Name string
	// Secret is the HMAC-SHA256 key the sender signs each body with. It is
	// required: a route without one rejects every request with ErrNoSecret.
	Secret []byte
	// Prompt is a text/template executed over the JSON payload to make the
	// agent's prompt, for example "{{.action}} on {{.repository.full_name}}".
	// Empty means the raw body, as text, is the prompt.
	Prompt string
	// DeliveryIDHeader names the header carrying the sender's delivery id,
	// used to drop retries of a delivery already handled. Default
	// "X-GitHub-Delivery".
	DeliveryIDHeader string

	tmpl *template.Template
}

// Compile parses the route's prompt template. It must succeed before Render;
// its error names the route and the template's line, for the operator to fix.
func (r *Route) Compile() error {
	if r.Prompt == "" {
		r.tmpl = nil
		return nil
	}
	t, err := parseTemplate(r.Name, r.Prompt)
	if err != nil {
		return fmt.Errorf("webhook route %q: compile prompt: %w", r.Name, err)
	}
	r.tmpl = t
	return nil
}

// DeliveryID returns the sender's delivery id from h, or "" when the sender
// sent none. Pass it to Dedupe.Seen.
func (r *Route) DeliveryID(h http.Header) string {
	name := r.DeliveryIDHeader
	if name == "" {
		name = DefaultDeliveryIDHeader
	}
	return h.Get(name)
}
