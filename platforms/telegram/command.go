package telegram

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// Command reports the bot command a message starts with, such as /new or
// /new@ThisBot, reading the text or, for media, the caption.
//
// The name comes back lower-cased and without the slash; args is the rest
// of the text, trimmed. A command addressed to another bot ("/new@other"),
// or to any bot when botUsername is empty, is not ours and reports false;
// botUsername is compared without case and may carry a leading "@". A
// command that is not at the very start of the text reports false.
//
// Telegram marks commands with bot_command entities whose offsets count
// UTF-16 units; Command trusts them. Entities that do not fit the text are
// ignored, and when no usable bot_command entity remains (some clients send
// none) a leading "/word" or "/word@bot" followed by whitespace or the end
// counts, the word made of ASCII letters, digits and underscores.
func Command(m *models.Message, botUsername string) (name, args string, ok bool) {
	if m == nil {
		return "", "", false
	}
	text, entities := m.Text, m.Entities
	if text == "" {
		text, entities = m.Caption, m.CaptionEntities
	}
	end, found := entityCommand(text, entities)
	if !found {
		end = leadingCommand(text)
	}
	if end <= 0 {
		return "", "", false
	}
	return parseCommand(text[:end], text[end:], strings.TrimPrefix(botUsername, "@"))
}

// entityCommand looks for a bot_command entity that fits the text. found
// says whether there is one; end is the byte offset where it ends if it
// starts the text, else 0.
func entityCommand(text string, entities []models.MessageEntity) (end int, found bool) {
	for _, e := range entities {
		if e.Type != models.MessageEntityTypeBotCommand {
			continue
		}
		from, to, ok := unitSpan(text, e.Offset, e.Length)
		if !ok {
			continue
		}
		if from == 0 {
			return to, true
		}
		found = true
	}
	return 0, found
}

// unitSpan turns a span of UTF-16 units into byte offsets in text. It
// reports false for an empty span or one that falls outside the text or
// inside a surrogate pair.
func unitSpan(text string, offset, length int) (from, to int, ok bool) {
	if offset < 0 || length <= 0 || offset > len(text) || length > len(text) {
		return 0, 0, false // a string has no more units than bytes
	}
	from, to = -1, -1
	units := 0
	for i, r := range text {
		if units == offset {
			from = i
		}
		if units >= offset+length {
			if units == offset+length {
				to = i
			}
			break
		}
		units += utf16Width(r)
	}
	if to < 0 && units == offset+length {
		to = len(text)
	}
	return from, to, from >= 0 && to > from
}

// utf16Width is the number of UTF-16 units r takes.
func utf16Width(r rune) int {
	if r > 0xFFFF {
		return 2
	}
	return 1
}

// leadingCommand returns the byte length of a "/word" or "/word@bot" that
// starts text and is followed by whitespace or the end, or 0.
func leadingCommand(text string) int {
	if !strings.HasPrefix(text, "/") {
		return 0
	}
	i := 1 + wordLen(text[1:])
	if i == 1 {
		return 0
	}
	if i < len(text) && text[i] == '@' {
		n := wordLen(text[i+1:])
		if n == 0 {
			return 0
		}
		i += 1 + n
	}
	if r, _ := utf8.DecodeRuneInString(text[i:]); i < len(text) && !unicode.IsSpace(r) {
		return 0
	}
	return i
}

// wordLen returns the length of the ASCII letters, digits and underscores
// that start s: the characters Telegram allows in command names and bot
// usernames.
func wordLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return i
		}
	}
	return len(s)
}

// parseCommand splits a command token such as "/new@ThisBot" into its
// name, checking the address against botUsername.
func parseCommand(token, rest, botUsername string) (name, args string, ok bool) {
	name, target, addressed := strings.Cut(strings.TrimPrefix(token, "/"), "@")
	if !strings.HasPrefix(token, "/") || name == "" || wordLen(name) != len(name) {
		return "", "", false
	}
	if addressed && (botUsername == "" || !strings.EqualFold(target, botUsername)) {
		return "", "", false
	}
	return strings.ToLower(name), strings.TrimSpace(rest), true
}
