package config

import "log/slog"

// Secret is a credential read from a profile's .env. Its String, JSON and
// log forms are a fixed placeholder so that printing a config never shows
// the value; Reveal gives the value to the code that must send it.
type Secret string

const redacted = "[redacted]"

// Reveal returns the secret value.
func (s Secret) Reveal() string { return string(s) }

// String returns a placeholder, never the value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return s.String() }

// MarshalJSON writes the placeholder.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// MarshalText writes the placeholder, which also covers YAML and zerolog.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// LogValue writes the placeholder in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
