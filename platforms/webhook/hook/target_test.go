package hook

import (
	"errors"
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want Target
	}{
		{"", Target{Response: true}},
		{"response", Target{Response: true}},
		{"  response ", Target{Response: true}},
		{"telegram:12345", Target{Platform: "telegram", ChatID: "12345"}},
		{"telegram:-1001234567890", Target{Platform: "telegram", ChatID: "-1001234567890"}},
		{"telegram:-1001234567890:42", Target{Platform: "telegram", ChatID: "-1001234567890", ThreadID: "42"}},
		{"telegram:+7", Target{Platform: "telegram", ChatID: "7"}},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseTarget(%q): got %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseTargetErrors(t *testing.T) {
	for _, in := range []string{
		"Response", "responses", "telegram", "telegram:", "telegram:abc", "telegram:0", "telegram:1.5",
		"telegram:99999999999999999999", "telegram:1:", "telegram:1:x", "telegram:1:0", "telegram:1:-3",
		"telegram:1:2:3", "telegram: 1", "slack:C123", "discord:1",
	} {
		_, err := ParseTarget(in)
		if !errors.Is(err, ErrBadTarget) {
			t.Errorf("ParseTarget(%q): got %v, want %v", in, err, ErrBadTarget)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, `"`+in+`"`) || !strings.Contains(msg, "telegram:<chat_id>:<thread_id>") {
			t.Errorf("ParseTarget(%q): error %q does not name the value and the accepted forms", in, msg)
		}
	}
}

func TestTargetStringRoundTrips(t *testing.T) {
	for _, in := range []string{"response", "telegram:-100", "telegram:-100:7"} {
		got, err := ParseTarget(in)
		if err != nil || got.String() != in {
			t.Errorf("ParseTarget(%q).String(): got %q, %v; want %q", in, got, err, in)
		}
	}
}
