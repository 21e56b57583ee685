// Package state is the gateway's state file, <home>/gateway_state.json:
// what the gateway is doing and how each profile's platforms fare. The
// gateway rewrites it atomically on every change; `switchboard status` and
// the /status endpoint read it. It never holds a secret: platforms are
// named by profile, bot id and credential fingerprint only.
package state

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// FileName is the state file's name inside the home directory.
const FileName = "gateway_state.json"

// Gateway states.
const (
	Starting      = "starting"
	Running       = "running"
	Degraded      = "degraded"
	Draining      = "draining"
	StartupFailed = "startup_failed"
	Stopped       = "stopped"
)

// Platform states.
const (
	Connecting = "connecting"
	Connected  = "connected"
	Retrying   = "retrying"
	Fatal      = "fatal"
	Disabled   = "disabled"
)

// Gateway is the whole state file.
type Gateway struct {
	GatewayState string `json:"gateway_state"`
	// ExitReason says why the gateway stopped or failed to start.
	ExitReason     string    `json:"exit_reason"`
	PID            int       `json:"pid"`
	UpdatedAt      time.Time `json:"updated_at"`
	ServedProfiles []string  `json:"served_profiles"`
	// Platforms is keyed <profile>:<platform>.
	Platforms map[string]*Platform `json:"platforms"`
}

// Platform is one profile's account on one platform.
type Platform struct {
	State        string    `json:"state"`
	ErrorCode    string    `json:"error_code"`
	ErrorMessage string    `json:"error_message"`
	UpdatedAt    time.Time `json:"updated_at"`
	// AccountID is the public account id (a Telegram bot id).
	AccountID string `json:"account_id,omitempty"`
	// Fingerprint identifies the credential without revealing it.
	Fingerprint string `json:"fingerprint,omitempty"`
	// LastProgressAt is the last time the platform answered (a poll).
	LastProgressAt *time.Time `json:"last_progress_at,omitempty"`
	// Restarts counts restarts after transient failures.
	Restarts int `json:"restarts"`
	// LastError is the most recent failure, kept after recovery so that a
	// flapping bot can be diagnosed; LastErrorAt says when it happened.
	LastError   string     `json:"last_error,omitempty"`
	LastErrorAt *time.Time `json:"last_error_at,omitempty"`
}

// Path returns the state file's path in home.
func Path(home string) string { return filepath.Join(home, FileName) }

// Write replaces the file at path with g atomically: it writes a temporary
// file beside it, syncs it and renames it over the old one, so a reader
// sees the old state or the new, never a torn one.
func Write(path string, g *Gateway) error {
	data, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".gateway_state-*.json")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}

// Read loads the state file at path.
func Read(path string) (*Gateway, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read state: %w", err)
	}
	var g Gateway
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("read state %s: %w", path, err)
	}
	return &g, nil
}
