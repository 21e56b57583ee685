package store

import (
	"regexp"
	"unicode/utf8"
)

// maxReason is the longest set-aside reason kept, in bytes; a panic value
// can be arbitrarily large.
const maxReason = 2048

// tokenShape matches a bot token: the bot id, a colon and the secret. It is
// the same shape the Telegram adapter redacts; store keeps its own copy so it
// does not depend on a platform package.
var tokenShape = regexp.MustCompile(`(\d{3,}):[A-Za-z0-9_-]{20,}`)

// cleanReason hides token-shaped text and bounds the length of a set-aside
// reason before it is written to disk.
func cleanReason(s string) string {
	s = tokenShape.ReplaceAllString(s, "${1}:[redacted]")
	if len(s) <= maxReason {
		return s
	}
	cut := maxReason
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
