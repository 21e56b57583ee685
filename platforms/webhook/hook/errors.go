package hook

import "errors"

// ErrNoSignature means the request carried neither signature header. The
// sender is not configured to sign, or a proxy dropped the header.
var ErrNoSignature = errors.New("no signature: send X-Hub-Signature-256 or X-Switchboard-Signature-256 " +
	"as sha256=<hex HMAC-SHA256 of the body>")

// ErrBadSignature means a signature header was present but malformed or did
// not match: a wrong secret, a modified body, or a forged request. The error
// never carries the expected value.
var ErrBadSignature = errors.New("bad signature")

// ErrNoSecret means the route has no secret, so no request can be verified and
// every one is rejected. It is the operator's mistake, not the sender's.
var ErrNoSecret = errors.New("route has no secret: set one in the route's config")

// ErrBadPayload means the body cannot become a prompt: it is empty, or the
// route has a prompt template and the body is not a JSON object or array.
var ErrBadPayload = errors.New("bad payload")

// ErrPromptTooLong means the rendered prompt, or the raw body for a route
// without a template, is longer than MaxPromptBytes.
var ErrPromptTooLong = errors.New("prompt too long")

// ErrNotCompiled means Render was called on a route with a prompt template
// before Route.Compile succeeded.
var ErrNotCompiled = errors.New("prompt template not compiled: call Route.Compile first")

// ErrRender means the prompt template failed while executing on a payload, for
// example by asking for a field of a string.
var ErrRender = errors.New("prompt template failed")

// ErrBadTarget means a delivery target in config is not one of the accepted
// forms.
var ErrBadTarget = errors.New("bad delivery target")
