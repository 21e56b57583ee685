package config

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// typeError says that a value is not of the kind a setting takes. It
// describes the value ("a list", "other text") and never quotes it.
type typeError struct {
	want, got, fix string
}

func (e *typeError) Error() string { return "want " + e.want + ", got " + e.got }

// kindHelp is how problems describe each kind and how to write it.
var kindHelp = map[kind]struct{ want, fix string }{
	kindSection:  {"a section of keys", "indent the keys of this section under it"},
	kindBool:     {"true or false", "write true or false"},
	kindInt:      {"a whole number", "write a whole number such as 3"},
	kindString:   {"text", "write the value as text, in quotes if need be"},
	kindSecret:   {"text", "write the value as text, in quotes if need be"},
	kindDuration: {"a duration", "write a Go duration such as 30s, 2m or 1h30m"},
	kindList:     {"a list", "write a list such as [a, b], or one '- item' per line"},
}

func newTypeError(k kind, got string) *typeError {
	h := kindHelp[k]
	return &typeError{want: h.want, got: got, fix: h.fix}
}

// describe names the YAML type of a parsed value without quoting it.
func describe(v any) string {
	switch v.(type) {
	case bool:
		return "true/false"
	case int, int64, uint64, float64:
		return "a number"
	case string:
		return "text"
	case []any:
		return "a list"
	case map[string]any:
		return "a section of keys"
	}
	return "a value of another type"
}

// convertScalar turns a parsed YAML value into the Go value of kind k.
// Text is accepted for every scalar kind that can be spelled as text, so
// that ${VAR} can supply a bool or a duration.
func convertScalar(v any, k kind) (any, error) {
	if s, ok := v.(string); ok {
		return parseText(s, k)
	}
	switch k {
	case kindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case kindInt:
		if n, ok := toInt(v); ok {
			return n, nil
		}
	}
	return nil, newTypeError(k, describe(v))
}

// parseText turns text into the Go value of kind k. A list is split at
// commas, as SWITCHBOARD_PROFILES=a,b is.
func parseText(s string, k kind) (any, error) {
	switch k {
	case kindString, kindSecret:
		return s, nil
	case kindBool:
		if b, err := strconv.ParseBool(s); err == nil {
			return b, nil
		}
	case kindInt:
		if n, err := strconv.Atoi(s); err == nil {
			return n, nil
		}
	case kindDuration:
		if d, err := time.ParseDuration(s); err == nil {
			return d, nil
		}
	case kindList:
		return splitList(s), nil
	}
	return nil, newTypeError(k, "text that is not "+kindHelp[k].want)
}

// listItem turns one entry of a YAML list into text: text stays as it is and
// whole numbers (Telegram user ids) are written in decimal.
func listItem(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	if n, ok := toInt(v); ok {
		return strconv.Itoa(n), nil
	}
	if n, ok := v.(uint64); ok {
		return strconv.FormatUint(n, 10), nil
	}
	return "", newTypeError(kindString, describe(v))
}

// toInt returns v as an int when it is a whole number that fits.
func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		if n >= math.MinInt && n <= math.MaxInt {
			return int(n), true
		}
	}
	return 0, false
}

// splitList splits comma-separated text into trimmed, non-empty items.
func splitList(s string) []string {
	out := []string{}
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
