package openai

import (
	"unicode"
	"unicode/utf8"
)

// maxPieces is how many content chunks a streamed reply is cut into at most.
const maxPieces = 8

// splitWords cuts text into at most maxPieces pieces of roughly equal size,
// each ending just after whitespace (the last one excepted), so that the
// pieces joined give text back exactly. A text without whitespace stays
// whole; an empty text gives no pieces.
func splitWords(text string) []string {
	if text == "" {
		return nil
	}
	target := max(1, (len(text)+maxPieces-1)/maxPieces)
	var pieces []string
	start := 0
	for i := 0; i < len(text); {
		c, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if unicode.IsSpace(c) && i-start >= target && i < len(text) {
			pieces = append(pieces, text[start:i])
			start = i
		}
	}
	return append(pieces, text[start:])
}
