package loadtest

import (
	"bytes"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"switchboard/platforms/telegram"
)

// keptErrors is how many error lines a logSink keeps for the report.
const keptErrors = 5

// logSink is the gateway's log output during a load test. The gateway logs
// as in production, at info level, but the lines go nowhere: the sink only
// counts error lines, keeps the first few (redacted) for the report, and
// notes when a watched message first appears.
type logSink struct {
	mu     sync.Mutex
	errors int
	kept   []string
	watch  []byte
	seenAt time.Time
}

func newLogSink(watch string) *logSink {
	l := &logSink{}
	if watch != "" {
		l.watch = []byte(watch)
	}
	return l
}

// logger is the zerolog logger writing to the sink.
func (l *logSink) logger() zerolog.Logger {
	return zerolog.New(l).Level(zerolog.InfoLevel).With().Timestamp().Logger()
}

// Write takes one log line.
func (l *logSink) Write(p []byte) (int, error) {
	isErr := bytes.Contains(p, []byte(`"level":"error"`))
	seen := l.watch != nil && bytes.Contains(p, l.watch)
	if !isErr && !seen {
		return len(p), nil
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if seen && l.seenAt.IsZero() {
		l.seenAt = now
	}
	if isErr {
		l.errors++
		if len(l.kept) < keptErrors {
			l.kept = append(l.kept, strings.TrimSpace(telegram.Redact(string(p))))
		}
	}
	return len(p), nil
}

// seen returns when the watched message first appeared, or the zero time.
func (l *logSink) seen() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seenAt
}

// errorLines returns the number of error lines and the first few.
func (l *logSink) errorLines() (int, []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.errors, append([]string(nil), l.kept...)
}
