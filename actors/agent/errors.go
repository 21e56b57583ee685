package agent

import (
	"errors"
	"fmt"
	"time"
)

// The kinds of upstream failure. A backend's error wraps one of them, so
// errors.Is tells what went wrong; each has its own sentence for the user.
var (
	// ErrTimeout means the upstream gave no answer within the timeout.
	ErrTimeout = errors.New("upstream timed out")
	// ErrUnavailable means the upstream could not be reached, broke off, or
	// answered with a 5xx status.
	ErrUnavailable = errors.New("upstream unavailable")
	// ErrRateLimited means the upstream answered 429 Too Many Requests.
	ErrRateLimited = errors.New("upstream rate limited")
	// ErrMisconfigured means the upstream refused the credentials, or the
	// URL or model does not exist there (401, 403, 404, a redirect): an
	// operator has to fix the configuration.
	ErrMisconfigured = errors.New("upstream refused the configuration")
	// ErrRejected means the upstream refused this request (another 4xx),
	// for instance because the conversation is too long for the model.
	ErrRejected = errors.New("upstream rejected the request")
	// ErrMalformed means the upstream's answer broke the protocol or was
	// too large.
	ErrMalformed = errors.New("malformed upstream answer")
)

// userMessages holds the sentence a user sees for each kind of failure.
var userMessages = map[error]string{
	ErrTimeout:       "The assistant took too long to answer. Please try again.",
	ErrUnavailable:   "The assistant is unavailable right now. Please try again in a little while.",
	ErrRateLimited:   "The assistant is busy right now. Please try again in a minute.",
	ErrMisconfigured: "The assistant is not set up correctly. Please tell the bot's operator.",
	ErrRejected:      "The assistant could not answer this message.",
	ErrMalformed:     "The assistant's answer could not be read. Please try again.",
}

// UserError is a failed turn that the user may be told about. Its message
// is a short plain sentence, free of URLs, keys and tokens, to send to the
// chat as it is; Unwrap returns the detailed cause for the log, which names
// the operation, the status and the upstream's own message (with secrets
// taken out), and wraps one of the Err kinds.
type UserError struct {
	// Message is the sentence for the user.
	Message string
	// Err is the detailed cause, for the log.
	Err error
}

// Error returns the sentence for the user.
func (e *UserError) Error() string { return e.Message }

// Unwrap returns the detailed cause.
func (e *UserError) Unwrap() error { return e.Err }

// UserMessage returns the sentence to show a user for err, and false when
// err carries none (then a generic apology is in order).
func UserMessage(err error) (string, bool) {
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Message, true
	}
	return "", false
}

// failure is why one exchange with an upstream failed.
type failure struct {
	kind       error         // one of the Err kinds
	detail     string        // what happened, secrets already taken out
	retryAfter time.Duration // the upstream's Retry-After; 0 when none
}

func (f *failure) Error() string { return f.kind.Error() + ": " + f.detail }

func (f *failure) Unwrap() error { return f.kind }

// retryable reports whether trying again may help.
func (f *failure) retryable() bool {
	return f.kind == ErrTimeout || f.kind == ErrUnavailable || f.kind == ErrRateLimited
}

// userError turns f into the error a backend returns after attempts tries
// of op.
func (f *failure) userError(op string, attempts int) *UserError {
	return &UserError{Message: userMessages[f.kind], Err: fmt.Errorf("%s: %w (attempts: %d)", op, f, attempts)}
}

// failf builds a failure of kind.
func failf(kind error, format string, args ...any) *failure {
	return &failure{kind: kind, detail: fmt.Sprintf(format, args...)}
}
