package config

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// files is a home directory to write for a test: file contents by path
// relative to the home. A path ending in / is an empty directory.
type files map[string]string

// with returns a copy of f with more files added or replaced.
func (f files) with(more files) files {
	out := maps.Clone(f)
	maps.Copy(out, more)
	return out
}

// write creates the files in a fresh temporary directory and returns it.
func (f files) write(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range f {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			mustMkdir(t, path)
			continue
		}
		mustMkdir(t, filepath.Dir(path))
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

// problemsOf returns the Problems in err, failing the test when there are
// none.
func problemsOf(t *testing.T, err error) Problems {
	t.Helper()
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("got error %v, want Problems", err)
	}
	return probs
}

// render writes a loaded home as indented JSON for golden files: structs
// become objects keyed by their koanf names (other fields by their
// lower-cased Go names), durations read like "30s", secrets [redacted],
// errors their lines, and the home directory <home>.
func render(t *testing.T, h *Home) []byte {
	t.Helper()
	b, err := json.MarshalIndent(plain(reflect.ValueOf(h)), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte(strings.ReplaceAll(string(b), h.Dir, "<home>")), '\n')
}

var errorType = reflect.TypeFor[error]()

// plain turns v into maps, slices and scalars that encoding/json writes in
// a stable order.
func plain(v reflect.Value) any {
	switch {
	case v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return plain(v.Elem())
	case v.Type() == durationType:
		return time.Duration(v.Int()).String()
	case v.Type() == secretType:
		return v.Interface()
	case v.Type().Implements(errorType):
		if lines := strings.Split(v.Interface().(error).Error(), "\n"); len(lines) > 1 {
			return lines
		}
		return v.Interface().(error).Error()
	}
	switch v.Kind() {
	case reflect.Struct:
		return plainStruct(v)
	case reflect.Slice:
		out := []any{}
		for i := range v.Len() {
			out = append(out, plain(v.Index(i)))
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		for it := v.MapRange(); it.Next(); {
			out[it.Key().String()] = plain(it.Value())
		}
		return out
	}
	return v.Interface()
}

func plainStruct(v reflect.Value) map[string]any {
	out := map[string]any{}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, opt, _ := strings.Cut(f.Tag.Get("koanf"), ",")
		if opt == "squash" {
			maps.Copy(out, plainStruct(v.Field(i)))
			continue
		}
		if name == "" || name == "-" {
			name = strings.ToLower(f.Name)
		}
		out[name] = plain(v.Field(i))
	}
	return out
}
