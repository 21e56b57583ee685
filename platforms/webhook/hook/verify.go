package hook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

// signatureHeaders are the headers Verify accepts, in the order it reads them:
// GitHub's, then Switchboard's own for the operator's scripts.
var signatureHeaders = []string{"X-Hub-Signature-256", "X-Switchboard-Signature-256"}

// signaturePrefix starts every accepted signature value.
const signaturePrefix = "sha256="

// Verify checks that body, exactly as received, was signed with the route's
// secret. The signature is "sha256=<hex HMAC-SHA256 of body>" in
// X-Hub-Signature-256 or X-Switchboard-Signature-256; a match in any value of
// either header is enough. It returns an error wrapping ErrNoSecret,
// ErrNoSignature or ErrBadSignature, and nil only for a match.
func (r *Route) Verify(h http.Header, body []byte) error {
	if len(r.Secret) == 0 {
		return fmt.Errorf("webhook route %q: verify signature: %w", r.Name, ErrNoSecret)
	}
	values := signatureValues(h)
	if len(values) == 0 {
		return fmt.Errorf("webhook route %q: verify signature: %w", r.Name, ErrNoSignature)
	}
	mac := hmac.New(sha256.New, r.Secret)
	mac.Write(body)
	want := mac.Sum(nil)
	reason := "want sha256=<64 hex digits>"
	for _, v := range values {
		got, ok := decodeSignature(v)
		if !ok {
			continue
		}
		if hmac.Equal(got, want) {
			return nil
		}
		reason = "does not match the body"
	}
	return fmt.Errorf("webhook route %q: verify signature: %w: %s", r.Name, ErrBadSignature, reason)
}

// signatureValues returns the non-blank values of the signature headers.
func signatureValues(h http.Header) []string {
	var out []string
	for _, name := range signatureHeaders {
		for _, v := range h.Values(name) {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// decodeSignature returns the MAC in a "sha256=<hex>" value, or false if the
// value is not of that form with exactly a SHA-256 worth of hex digits.
func decodeSignature(v string) ([]byte, bool) {
	digits, ok := strings.CutPrefix(v, signaturePrefix)
	if !ok || len(digits) != 2*sha256.Size {
		return nil, false
	}
	mac, err := hex.DecodeString(digits)
	if err != nil {
		return nil, false
	}
	return mac, true
}
