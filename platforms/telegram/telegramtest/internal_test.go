package telegramtest

import (
	"testing"
	"time"
)

func TestParsePollQuery(t *testing.T) {
	cases := []struct {
		params map[string]string
		want   pollQuery
	}{
		{nil, pollQuery{offset: 0, limit: 100, timeout: 0}},
		{map[string]string{"offset": "-3", "limit": "10", "timeout": "25"}, pollQuery{-3, 10, 25 * time.Second}},
		{map[string]string{"limit": "0", "timeout": "-1"}, pollQuery{0, 1, 0}},
		{map[string]string{"limit": "101", "timeout": "600"}, pollQuery{0, 100, 50 * time.Second}},
		{map[string]string{"offset": "x", "limit": "1.5", "timeout": " 5 "}, pollQuery{0, 100, 5 * time.Second}},
	}
	for _, tc := range cases {
		if got := parsePollQuery(tc.params); got != tc.want {
			t.Errorf("parsePollQuery(%v): got %+v, want %+v", tc.params, got, tc.want)
		}
	}
}

func TestUTF16Len(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "жж": 2, "\U0001F600": 2, "a\U0001F44D\u200db": 5} {
		if got := utf16Len(s); got != want {
			t.Errorf("utf16Len(%q): got %d, want %d", s, got, want)
		}
	}
}

func TestBotIDHidesSecrets(t *testing.T) {
	for token, want := range map[string]string{"123:abc": "123", "secretonly": "?", "abc:def": "?", "": "?"} {
		if got := botID(token); got != want {
			t.Errorf("botID: got %q, want %q", got, want)
		}
	}
}

func TestSplitPath(t *testing.T) {
	cases := []struct {
		path, token, method string
		ok                  bool
	}{
		{"/bot1:a/getMe", "1:a", "getme", true},
		{"/bot1:a/", "", "", false},
		{"/bot/getMe", "", "", false},
		{"/api/getMe", "", "", false},
	}
	for _, tc := range cases {
		token, method, ok := splitPath(tc.path)
		if token != tc.token || method != tc.method || ok != tc.ok {
			t.Errorf("splitPath(%q): got %q %q %v, want %q %q %v", tc.path, token, method, ok, tc.token, tc.method, tc.ok)
		}
	}
}
