package hook

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestVerify(t *testing.T) {
	secret := []byte("s3cret")
	body := []byte(`{"action":"opened"}`)
	good := sign(secret, body)
	tampered := append([]byte(nil), body...)
	tampered[3] ^= 1

	tests := []struct {
		name    string
		secret  []byte
		headers map[string][]string
		body    []byte
		want    error
	}{
		{"github header", secret, map[string][]string{"X-Hub-Signature-256": {good}}, body, nil},
		{"switchboard header", secret, map[string][]string{"X-Switchboard-Signature-256": {good}}, body, nil},
		{"upper-case hex", secret, map[string][]string{
			"X-Hub-Signature-256": {"sha256=" + strings.ToUpper(strings.TrimPrefix(good, "sha256="))}}, body, nil},
		{"one good among several", secret, map[string][]string{
			"X-Hub-Signature-256":         {"sha256=zz"},
			"X-Switchboard-Signature-256": {sign([]byte("other"), body), good}}, body, nil},
		{"missing", secret, nil, body, ErrNoSignature},
		{"blank value", secret, map[string][]string{"X-Hub-Signature-256": {"  "}}, body, ErrNoSignature},
		{"sha1 prefix", secret, map[string][]string{
			"X-Hub-Signature-256": {"sha1=" + strings.TrimPrefix(good, "sha256=")}}, body, ErrBadSignature},
		{"no prefix", secret, map[string][]string{
			"X-Hub-Signature-256": {strings.TrimPrefix(good, "sha256=")}}, body, ErrBadSignature},
		{"bad hex", secret, map[string][]string{"X-Hub-Signature-256": {"sha256=" + strings.Repeat("zz", 32)}},
			body, ErrBadSignature},
		{"short", secret, map[string][]string{"X-Hub-Signature-256": {good[:len(good)-2]}}, body, ErrBadSignature},
		{"long", secret, map[string][]string{"X-Hub-Signature-256": {good + "00"}}, body, ErrBadSignature},
		{"wrong secret", secret, map[string][]string{"X-Hub-Signature-256": {sign([]byte("s3cre7"), body)}},
			body, ErrBadSignature},
		{"body modified by one byte", secret, map[string][]string{"X-Hub-Signature-256": {good}},
			tampered, ErrBadSignature},
		{"empty secret", nil, map[string][]string{"X-Hub-Signature-256": {sign(nil, body)}}, body, ErrNoSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Route{Name: "github", Secret: tt.secret}
			h := http.Header{}
			for k, vs := range tt.headers {
				for _, v := range vs {
					h.Add(k, v)
				}
			}
			err := r.Verify(h, tt.body)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify: got %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), `"github"`) {
				t.Errorf("error %q does not name the route", err)
			}
		})
	}
}

// TestVerifyErrorHidesExpected checks that a failed verification never tells
// the caller, and so never a log or a response, what signature was expected.
func TestVerifyErrorHidesExpected(t *testing.T) {
	secret := []byte("s3cret")
	body := []byte(`{}`)
	r := &Route{Name: "github", Secret: secret}
	h := http.Header{"X-Hub-Signature-256": {sign([]byte("wrong"), body)}}
	err := r.Verify(h, body)
	if err == nil {
		t.Fatal("Verify: got nil, want an error")
	}
	want := strings.TrimPrefix(sign(secret, body), "sha256=")
	for _, leak := range []string{want, strings.ToUpper(want), string(secret)} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error %q reveals %q", err, leak)
		}
	}
}
