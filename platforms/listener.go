package platforms

import (
	"net/http"
	"slices"
)

// PortBinding lists the platforms that need inbound HTTP: they are served
// on the gateway's one shared listener, which the default profile owns, so
// only the default profile may enable them; named profiles reach them under
// /p/<profile>/. Every callback-style platform belongs here, including
// those not built yet, so that a named profile enabling one is refused
// with a clear message instead of an "unknown key".
var PortBinding = []string{
	"webhook",
	"api_server",
	"sms",
	"whatsapp_cloud",
	"msgraph_webhook",
	"feishu",
	"wecom_callback",
	"bluebubbles",
	"line",
	"teams",
}

// NeedsListener reports whether platform needs inbound HTTP of its own.
func NeedsListener(platform string) bool {
	return slices.Contains(PortBinding, platform)
}

// Listener is an adapter that serves HTTP routes on the gateway's shared
// listener. Its platform must be in PortBinding: the gateway refuses to
// start a Listener whose platform is not, so a new callback-style platform
// cannot slip past the rule that only the default profile binds HTTP.
type Listener interface {
	Adapter
	// Routes maps paths below the profile's prefix to their handlers.
	Routes() map[string]http.Handler
}
