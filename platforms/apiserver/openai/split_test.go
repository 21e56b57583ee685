package openai

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		name, text string
		minPieces  int
	}{
		{"empty", "", 0},
		{"one word", "hello", 1},
		{"two words", "hello world", 2},
		{"long", longReply, 4},
		{"no spaces", strings.Repeat("x", 500), 1},
		{"newlines", "line one\nline two\n\nline three\n", 2},
		{"multibyte", "héllo wörld ünïcödé tëxt ïs fïnë hërë tőő", 4},
		{"invalid utf-8", "ab\xff cd\xfe ef gh ij kl", 2},
		{"trailing space", "a b c d e f g h i j k l m n o p ", 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pieces := splitWords(tt.text)
			if got := strings.Join(pieces, ""); got != tt.text {
				t.Fatalf("pieces join to %q, want %q", got, tt.text)
			}
			if len(pieces) < tt.minPieces || len(pieces) > maxPieces {
				t.Errorf("got %d pieces %q, want %d to %d", len(pieces), pieces, tt.minPieces, maxPieces)
			}
			for i, p := range pieces {
				if p == "" {
					t.Errorf("piece %d is empty", i)
				}
				last, _ := utf8.DecodeLastRuneInString(p)
				if i < len(pieces)-1 && !unicode.IsSpace(last) {
					t.Errorf("piece %d %q does not end at a word boundary", i, p)
				}
			}
		})
	}
}

func TestCountUsage(t *testing.T) {
	turn := Turn{Messages: []Message{{"system", "12345678"}, {"user", "ab"}}}
	tests := []struct {
		name  string
		reply Reply
		want  usage
	}{
		{"estimated", Reply{Text: "123456789"}, usage{3, 3, 6}},
		{"empty reply counts one", Reply{}, usage{3, 1, 4}},
		{"given", Reply{Text: "x", PromptTokens: 10, CompletionTokens: 20}, usage{10, 20, 30}},
		{"partly given", Reply{Text: "x", CompletionTokens: 7}, usage{3, 7, 10}},
		{"runes not bytes", Reply{Text: "éééé"}, usage{3, 1, 4}},
	}
	for _, tt := range tests {
		if got := countUsage(turn, tt.reply); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
