package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/rs/zerolog"

	"switchboard/config"
	"switchboard/platforms/telegram"
)

// minSecretLen is the shortest .env value scrubbed from log lines; shorter
// values ("1", "true") would garble logs without protecting anything.
const minSecretLen = 8

func init() {
	// protoactor logs dead letters with an attribute named "message", which
	// would collide with zerolog's default message field.
	zerolog.MessageFieldName = "msg"
	// Millisecond timestamps: a second is too coarse to order a restart
	// loop or a drain.
	zerolog.TimeFieldFormat = "2006-01-02T15:04:05.000Z07:00"
}

// newLogger builds the process logger. Every line passes through a
// scrubber that removes token-shaped strings and known secrets.
func newLogger(f commonFlags, w io.Writer) (zerolog.Logger, *scrubber, error) {
	level, err := zerolog.ParseLevel(strings.ToLower(f.logLevel))
	if err != nil || level == zerolog.NoLevel {
		return zerolog.Nop(), nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", f.logLevel)
	}
	s := &scrubber{out: w}
	var out io.Writer = s
	switch f.logFormat {
	case "json":
	case "console":
		out = zerolog.ConsoleWriter{Out: s, TimeFormat: "15:04:05.000", NoColor: !isTerminal(w)}
	default:
		return zerolog.Nop(), nil, fmt.Errorf("--log-format %q: want console or json", f.logFormat)
	}
	return zerolog.New(out).Level(level).With().Timestamp().Logger(), s, nil
}

// scrubber is a writer that hides secrets in each log line before writing
// it. zerolog writes one whole line per Write call.
type scrubber struct {
	out     io.Writer
	mu      sync.Mutex
	secrets [][]byte
}

// addHome registers every profile's .env values as secrets to scrub.
func (s *scrubber) addHome(h *config.Home) {
	s.mu.Lock()
	defer s.mu.Unlock()
	add := func(v config.Secret) {
		if len(v.Reveal()) >= minSecretLen {
			s.secrets = append(s.secrets, []byte(v.Reveal()))
		}
	}
	for _, p := range h.Profiles {
		for _, v := range p.Env {
			add(v)
		}
		// A token may be written inline or come from the process environment.
		add(p.Platforms.Telegram.Token)
	}
}

func (s *scrubber) Write(p []byte) (int, error) {
	line := []byte(telegram.Redact(string(p)))
	s.mu.Lock()
	for _, sec := range s.secrets {
		line = bytes.ReplaceAll(line, sec, []byte("[redacted]"))
	}
	_, err := s.out.Write(line)
	s.mu.Unlock()
	return len(p), err
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
