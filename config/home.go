package config

import (
	"errors"
	"fmt"
	"os/user"
	"path/filepath"
	"strings"
)

// Environment variables the package reads from the environ it is given.
const (
	// EnvHome names the home directory when no --home flag is given.
	EnvHome = "SWITCHBOARD_HOME"
	// EnvPrefix starts every variable that overrides a gateway setting:
	// SWITCHBOARD_DRAIN_TIMEOUT overrides gateway.drain_timeout.
	EnvPrefix = "SWITCHBOARD_"
)

// ResolveHome finds the home directory: the --home flag when given, else
// SWITCHBOARD_HOME from environ, else ~/.switchboard. A leading ~/ is
// expanded with HOME from environ. The result is an absolute path; the
// directory need not exist.
func ResolveHome(flag string, environ []string) (string, error) {
	env := environMap(environ)
	dir := flag
	if dir == "" {
		dir = env[EnvHome]
	}
	if dir == "" {
		dir = "~/.switchboard"
	}
	dir, err := expandTilde(dir, env["HOME"])
	if err != nil {
		return "", fmt.Errorf("resolve home: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolve home: %w", err)
	}
	return abs, nil
}

// expandTilde replaces a leading "~" or "~/" with the user's home directory:
// home when set, else the one the user database gives.
func expandTilde(dir, home string) (string, error) {
	if dir != "~" && !strings.HasPrefix(dir, "~/") {
		return dir, nil
	}
	if home == "" {
		u, err := user.Current()
		if err != nil || u.HomeDir == "" {
			return "", errors.New("cannot find your home directory: pass --home or set " + EnvHome)
		}
		home = u.HomeDir
	}
	return filepath.Join(home, strings.TrimPrefix(dir, "~")), nil
}

// environMap turns KEY=VALUE entries into a map. When a key repeats, the
// last entry wins, as it does for os/exec.
func environMap(environ []string) map[string]string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if ok && k != "" {
			m[k] = v
		}
	}
	return m
}
