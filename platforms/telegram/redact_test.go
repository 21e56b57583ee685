package telegram

import (
	"strings"
	"testing"
)

func TestRedactHidesEveryTokenShape(t *testing.T) {
	cases := []struct{ in, want string }{
		{`Post "http://x/bot12:AAsecretpartsecretpartsecret9/getUpdates"`, `Post "http://x/bot12:[redacted]/getUpdates"`},
		{"token 1:AAAAAAAAAAAAAAAAAAAAAAAA-_x", "token 1:[redacted]"},
		{"at 17:50:00 nothing secret", "at 17:50:00 nothing secret"},
		{"a 4242:AAtest-secret-part-0123456789xyz b", "a 4242:[redacted] b"},
	}
	for _, tc := range cases {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.Contains(Redact(tc.in), "secretpart") {
			t.Errorf("Redact(%q) keeps the secret", tc.in)
		}
	}
}
