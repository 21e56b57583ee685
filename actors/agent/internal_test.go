package agent

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWindow(t *testing.T) {
	u := func(s string) Message { return Message{Role: RoleUser, Content: s} }
	a := func(s string) Message { return Message{Role: RoleAssistant, Content: s} }
	h := []Message{a("welcome"), u("1"), a("1"), u("2"), u("2b"), a("2"), u("3"), a("3")}
	tests := []struct {
		turns int
		want  []Message
	}{
		{0, nil},
		{-1, nil},
		{1, h[6:]},
		{2, h[4:]}, // two user messages in a row are two turns
		{4, h[1:]},
		{5, h},
		{100, h},
	}
	for _, tt := range tests {
		if got := window(h, tt.turns); !slices.Equal(got, tt.want) {
			t.Errorf("window(h, %d) = %v, want %v", tt.turns, got, tt.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		header http.Header
		want   time.Duration
	}{
		{http.Header{}, 0},
		{http.Header{"Retry-After": {"3"}}, 3 * time.Second},
		{http.Header{"Retry-After": {"1.5"}}, 1500 * time.Millisecond},
		{http.Header{"Retry-After": {"-4"}}, 0},
		{http.Header{"Retry-After": {"soon"}}, 0},
		{http.Header{"Retry-After": {now.Add(time.Minute).Format(http.TimeFormat)}}, time.Minute},
		{http.Header{"Retry-After": {now.Add(-time.Minute).Format(http.TimeFormat)}}, 0},
		{http.Header{"Retry-After": {"3"}, "Retry-After-Ms": {"250"}}, 250 * time.Millisecond},
		{http.Header{"Retry-After": {"99999999999"}}, 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.header, now); got != tt.want {
			t.Errorf("retryAfter(%v) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestStatusKind(t *testing.T) {
	tests := map[int]error{
		301: ErrMisconfigured, 400: ErrRejected, 401: ErrMisconfigured, 403: ErrMisconfigured,
		404: ErrMisconfigured, 408: ErrTimeout, 413: ErrRejected, 422: ErrRejected,
		429: ErrRateLimited, 500: ErrUnavailable, 502: ErrUnavailable, 529: ErrUnavailable,
	}
	for code, want := range tests {
		if got := statusKind(code); got != want {
			t.Errorf("statusKind(%d) = %v, want %v", code, got, want)
		}
	}
}

func TestEveryKindHasAUserMessage(t *testing.T) {
	kinds := []error{ErrTimeout, ErrUnavailable, ErrRateLimited, ErrMisconfigured, ErrRejected, ErrMalformed}
	for _, kind := range kinds {
		if userMessages[kind] == "" {
			t.Errorf("%v has no user message", kind)
		}
	}
}

func TestQuoteFoldsAndCuts(t *testing.T) {
	c := &caller{secrets: []string{"", "sk-1"}}
	if got := c.quote("a\n\tb  sk-1\x00c"); got != "a b [redacted] c" {
		t.Errorf("quote = %q", got)
	}
	long := c.quote(strings.Repeat("é", 500))
	if n := len([]rune(long)); n > maxDetail+1 {
		t.Errorf("quote kept %d runes, want at most %d", n, maxDetail+1)
	}
}
