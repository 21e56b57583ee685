package config

import (
	"cmp"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// errMalformedRef is a "${" in a config value that does not open a valid
// ${NAME} reference.
var errMalformedRef = errors.New("malformed variable reference")

// EnvironmentFile is the File of a Problem found in a SWITCHBOARD_<KEY>
// variable of the process environment rather than in a file.
const EnvironmentFile = "environment"

// Problem is one thing wrong with a home directory, told so that an operator
// can fix it without reading code: where it is (File, Key), what is wrong
// (Message) and what to do (Fix). A Problem never carries a secret value: it
// names variables and keys, never what they hold.
type Problem struct {
	// Profile is the profile the problem belongs to: "default" for the home
	// directory's own profile, empty for gateway settings.
	Profile string
	// File is the file at fault, with ":<line>" when the line is known, or
	// EnvironmentFile for a SWITCHBOARD_<KEY> variable.
	File string
	// Key is the full dotted key at fault (platforms.telegram.token), or the
	// variable name for EnvironmentFile. Empty when the whole file is at fault.
	Key string
	// Message says what is wrong.
	Message string
	// Fix says what to change.
	Fix string
	// Cause is a typed error behind the problem, when there is one (such as
	// a *MultiplexConfigError), for errors.As.
	Cause error
}

// Unwrap returns the typed error behind the problem, if any.
func (p Problem) Unwrap() error { return p.Cause }

// Error formats the problem on one line:
// "<file>: <key>: <message> (fix: <fix>)". The profile leads the line when
// the file alone does not show it.
func (p Problem) Error() string {
	var b strings.Builder
	if p.Profile != "" && !p.fileShowsProfile() {
		b.WriteString("profile " + p.Profile + ": ")
	}
	b.WriteString(p.File)
	if p.Key != "" {
		b.WriteString(": " + p.Key)
	}
	b.WriteString(": " + p.Message)
	if p.Fix != "" {
		b.WriteString(" (fix: " + p.Fix + ")")
	}
	return b.String()
}

// fileShowsProfile reports whether File lies in <home>/profiles/<name>,
// which already tells the reader which profile is meant.
func (p Problem) fileShowsProfile() bool {
	f := filepath.ToSlash(p.File)
	dir := "/profiles/" + p.Profile
	return strings.Contains(f, dir+"/") || strings.HasSuffix(f, dir)
}

// Problems is every problem a load found. It is the error Load returns; get
// it back with errors.As.
type Problems []Problem

// Error lists the problems one per line, sorted by file and then key.
func (ps Problems) Error() string {
	return strings.Join(ps.lines(), "\n")
}

// Unwrap returns each problem, so that errors.As finds a typed cause such
// as *MultiplexConfigError in the list.
func (ps Problems) Unwrap() []error {
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}

// Sorted returns a copy sorted by file (line numbers in numeric order) and
// then key; problems at the same place keep the order they were found in.
func (ps Problems) Sorted() Problems {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b Problem) int {
		af, al := splitLine(a.File)
		bf, bl := splitLine(b.File)
		return cmp.Or(strings.Compare(af, bf), cmp.Compare(al, bl), strings.Compare(a.Key, b.Key))
	})
	return out
}

// lines returns the problems sorted, one line each.
func (ps Problems) lines() []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps.Sorted() {
		out = append(out, p.Error())
	}
	return out
}

// err returns ps as an error, or nil when there are none, so that callers
// never hand back a non-nil error holding an empty list.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps.Sorted()
}

// splitLine splits "path:12" into the path and 12; a file without a line
// number gets line 0.
func splitLine(file string) (string, int) {
	i := strings.LastIndexByte(file, ':')
	if i < 0 {
		return file, 0
	}
	n, err := strconv.Atoi(file[i+1:])
	if err != nil {
		return file, 0
	}
	return file[:i], n
}
