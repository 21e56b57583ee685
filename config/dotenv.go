package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
)

// varName is the shape of a .env variable name and of a ${VAR} reference.
var varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// lineError is what is wrong with one .env line and how to fix it. It never
// quotes the line, which may hold a secret.
type lineError struct{ msg, fix string }

var (
	errNoEquals = &lineError{"not a KEY=VALUE line",
		"write KEY=VALUE, or start the line with # to make it a comment"}
	errBadName = &lineError{"the name before = is not a valid variable name",
		"use letters, digits and _ only, starting with a letter or _"}
	errUnclosed = &lineError{"the quoted value has no closing quote",
		`close the quote on the same line; write a line break inside double quotes as \n`}
	errTrailing = &lineError{"text follows the closing quote",
		"put the whole value inside the quotes, or start a comment with #"}
	errEscape = &lineError{"unknown escape in a double-quoted value",
		`use \n, \t, \r, \" or \\ only, or single quotes for a literal value`}
)

// ParseDotenv parses the text of a .env file. file names it in problems.
//
// Each line is KEY=VALUE, optionally preceded by "export ". Blank lines and
// lines starting with # are skipped. A value in single quotes is taken
// literally; one in double quotes understands \n, \t, \r, \" and \\; an
// unquoted value is trimmed and ends before " #". Values are never expanded.
// When a key repeats, the last value wins. A bad line is a Problem naming
// file:line; the error is Problems, and no problem quotes the line. The
// variables of the good lines are returned either way.
func ParseDotenv(file string, data []byte) (map[string]Secret, error) {
	vars, probs := parseDotenv(file, data)
	if len(probs) > 0 {
		return vars, probs
	}
	return vars, nil
}

func parseDotenv(file string, data []byte) (map[string]Secret, Problems) {
	vars := make(map[string]Secret)
	var probs Problems
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	for i, line := range strings.Split(string(data), "\n") {
		key, val, err := parseEnvLine(strings.TrimSuffix(line, "\r"))
		if err != nil {
			probs = append(probs, Problem{
				File: fmt.Sprintf("%s:%d", file, i+1), Message: err.msg, Fix: err.fix,
			})
			continue
		}
		if key != "" {
			vars[key] = Secret(val)
		}
	}
	return vars, probs
}

// readDotenv reads and parses the .env file at path. A missing file holds
// no variables.
func readDotenv(path string) (map[string]Secret, Problems) {
	if _, prob := plainFile(path); prob != nil {
		return map[string]Secret{}, Problems{*prob}
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]Secret{}, nil
	}
	if err != nil {
		return map[string]Secret{}, Problems{readProblem(path, err)}
	}
	return parseDotenv(path, data)
}

// parseEnvLine parses one line. It returns an empty key for a blank or
// comment line.
func parseEnvLine(line string) (key, val string, err *lineError) {
	line = strings.TrimSpace(line)
	if line == "" || line[0] == '#' {
		return "", "", nil
	}
	if rest, ok := strings.CutPrefix(line, "export"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
		line = strings.TrimSpace(rest)
	}
	key, rest, ok := strings.Cut(line, "=")
	if !ok {
		return "", "", errNoEquals
	}
	key = strings.TrimSpace(key)
	if !varName.MatchString(key) {
		return "", "", errBadName
	}
	val, err = parseEnvValue(rest)
	return key, val, err
}

// parseEnvValue parses what follows the = sign.
func parseEnvValue(rest string) (string, *lineError) {
	trimmed := strings.TrimLeft(rest, " \t")
	if trimmed == "" {
		return "", nil
	}
	switch trimmed[0] {
	case '\'':
		end := strings.IndexByte(trimmed[1:], '\'')
		if end < 0 {
			return "", errUnclosed
		}
		return trimmed[1 : end+1], afterQuote(trimmed[end+2:])
	case '"':
		return parseDoubleQuoted(trimmed[1:])
	}
	if i := strings.Index(rest, " #"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.Index(rest, "\t#"); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSpace(rest), nil
}

// parseDoubleQuoted decodes a double-quoted value; s starts after the
// opening quote.
func parseDoubleQuoted(s string) (string, *lineError) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), afterQuote(s[i+1:])
		case '\\':
			if i+1 == len(s) {
				return "", errUnclosed
			}
			r, ok := unescape(s[i+1])
			if !ok {
				return "", errEscape
			}
			b.WriteByte(r)
			i++
		default:
			b.WriteByte(c)
		}
	}
	return "", errUnclosed
}

// unescape maps the letter after a backslash to the byte it stands for.
func unescape(c byte) (byte, bool) {
	switch c {
	case 'n':
		return '\n', true
	case 't':
		return '\t', true
	case 'r':
		return '\r', true
	case '"', '\\':
		return c, true
	}
	return 0, false
}

// afterQuote checks what follows a closing quote: nothing, or a comment.
func afterQuote(s string) *lineError {
	s = strings.TrimSpace(s)
	if s == "" || s[0] == '#' {
		return nil
	}
	return errTrailing
}
