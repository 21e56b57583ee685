package telegram

import (
	"regexp"
)

// tokenShape matches a bot token anywhere in a string: the bot id, a colon,
// and the secret part. The bot id is kept; only the secret is hidden.
var tokenShape = regexp.MustCompile(`(\d+):[A-Za-z0-9_-]{20,}`)

// Redact replaces the secret part of every bot token in s with a
// placeholder, keeping the bot id so that logs still say which bot.
func Redact(s string) string {
	return tokenShape.ReplaceAllString(s, "${1}:[redacted]")
}

// BotID returns the public part of a token: the digits before the colon.
func BotID(token string) string {
	for i := 0; i < len(token); i++ {
		if token[i] == ':' {
			return token[:i]
		}
	}
	return ""
}

// redactedError hides tokens in an error's text while keeping errors.Is and
// errors.As working on the wrapped chain.
type redactedError struct{ err error }

func (e redactedError) Error() string { return Redact(e.err.Error()) }
func (e redactedError) Unwrap() error { return e.err }

func redactErr(err error) error {
	if err == nil {
		return nil
	}
	return redactedError{err}
}
