package agent

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// maxErrorBody caps how much of an error answer is read.
const maxErrorBody = 64 << 10

// maxDetail caps the upstream text quoted in an error.
const maxDetail = 200

// statusFailure explains a non-2xx answer: its status and what the body
// says, and the Retry-After of a 429 or 503.
func (c *caller) statusFailure(resp *http.Response) *failure {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	f := failf(statusKind(resp.StatusCode), "status %d", resp.StatusCode)
	if msg := c.quote(upstreamMessage(body)); msg != "" {
		f.detail += ": " + msg
	}
	if err != nil {
		f.detail += " (answer cut off)"
	}
	f.retryAfter = retryAfter(resp.Header, time.Now())
	return f
}

// statusKind classifies a non-2xx status.
func statusKind(code int) error {
	switch {
	case code == http.StatusRequestTimeout:
		return ErrTimeout
	case code == http.StatusTooManyRequests:
		return ErrRateLimited
	case code >= 500:
		return ErrUnavailable
	case code == http.StatusUnauthorized, code == http.StatusForbidden,
		code == http.StatusNotFound, code == http.StatusMethodNotAllowed, code < 400:
		return ErrMisconfigured
	}
	return ErrRejected
}

// upstreamMessage returns the message of an {"error": ...} body, else the
// body itself.
func upstreamMessage(body []byte) string {
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil {
		if msg := errorMessage(env.Error); msg != "" {
			return msg
		}
	}
	return string(body)
}

// errorMessage returns the message of an "error" value: an object with a
// message, or a string. It is "" for anything else.
func errorMessage(raw json.RawMessage) string {
	var obj struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &obj) == nil && obj.Message != "" {
		return obj.Message
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}

// quote makes upstream text fit for an error: secrets taken out, spaces
// and control characters folded, at most maxDetail runes.
func (c *caller) quote(s string) string {
	s = c.redact(s)
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
	if r := []rune(s); len(r) > maxDetail {
		s = string(r[:maxDetail]) + "…"
	}
	return s
}

// redact replaces every secret of c found in s.
func (c *caller) redact(s string) string {
	for _, secret := range c.secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

// retryAfter reads how long the upstream asks to wait: retry-after-ms (as
// OpenAI sends), else Retry-After in seconds or as an HTTP date. It is 0
// when there is no such header or it is unreadable.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if ms, err := strconv.ParseFloat(h.Get("Retry-After-Ms"), 64); err == nil && ms > 0 && ms < 1e12 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 || secs > 1e9 {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// errTooLarge is what a bounded read returns past its limit.
var errTooLarge = errors.New("answer too large")

// readAtMost reads all of r, failing with errTooLarge past limit bytes.
func readAtMost(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", errTooLarge, limit)
	}
	return b, nil
}
