package config

import (
	"regexp"
	"strings"
)

// minScrubLen is the shortest secret scrub looks for. Shorter values (a
// port, "true") would blank out ordinary words of the messages, and no
// check quotes a value in the first place: scrubbing is a second line of
// defence for text that comes from a parser or decoder.
const minScrubLen = 8

// tokenLike finds text shaped like a Bot API token anywhere in a message.
var tokenLike = regexp.MustCompile(`[0-9]+:[A-Za-z0-9_-]{20,}`)

// scrub returns a copy of ps in which every secret of at least minScrubLen
// bytes, and anything shaped like a bot token, reads [redacted] in the
// message and fix.
func scrub(ps Problems, secrets []string) Problems {
	out := make(Problems, len(ps))
	for i, p := range ps {
		p.Message = scrubText(p.Message, secrets)
		p.Fix = scrubText(p.Fix, secrets)
		out[i] = p
	}
	return out
}

func scrubText(s string, secrets []string) string {
	for _, secret := range secrets {
		if len(secret) >= minScrubLen {
			s = strings.ReplaceAll(s, secret, redacted)
		}
	}
	return tokenLike.ReplaceAllString(s, redacted)
}
