package config

import (
	"fmt"
	"path/filepath"
	"time"
)

// Values of gateway.on_profile_error.
const (
	// OnProfileErrorFail stops the gateway when any profile has a problem.
	OnProfileErrorFail = "fail"
	// OnProfileErrorSkip leaves a named profile with a problem out and
	// serves the rest.
	OnProfileErrorSkip = "skip"
)

// DefaultAgentKind is the agent of a profile that names none.
const DefaultAgentKind = "echo"

// agentKinds lists the agent.kind values this build knows. Add a kind here
// when actors/agent learns to build it.
var agentKinds = []string{"echo", "openai", "http"}

// gatewayDefaults are the gateway settings an operator leaves out, by full
// dotted key. They sit under every home's config.yaml.
func gatewayDefaults() map[string]any {
	return map[string]any{
		"gateway.multiplex_profiles":   false,
		"gateway.on_profile_error":     OnProfileErrorFail,
		"gateway.drain_timeout":        DefaultDrainTimeout,
		"gateway.listen":               DefaultListen,
		"gateway.max_body_bytes":       DefaultMaxBodyBytes,
		"gateway.max_concurrent_turns": 64,
	}
}

// profileDefaults are the profile settings an operator leaves out, by full
// dotted key. They sit under every profile's config.yaml.
func profileDefaults() map[string]any {
	return map[string]any{
		"agent.kind":                   DefaultAgentKind,
		"agent.history_turns":          20,
		"agent.max_concurrent_turns":   4,
		"agent.timeout":                2 * time.Minute,
		"agent.openai.base_url":        DefaultOpenAIBaseURL,
		"agent.openai.retries":         2,
		"agent.openai.retry_after_max": 30 * time.Second,
		"agent.openai.retry": map[string]any{
			"initial": time.Second, "max": 10 * time.Second, "jitter_percent": DefaultRestartJitter,
		},
		"sessions.per_user_in_groups":     true,
		"sessions.idle_timeout":           DefaultIdleTimeout,
		"sessions.busy":                   "queue",
		"platforms.telegram.api_url":      DefaultAPIURL,
		"platforms.telegram.poll_timeout": DefaultPollTimeout,
		"platforms.telegram.mode":         "polling",
		"platforms.api_server.enabled":    true,
		"platforms.api_server.model":      DefaultModel,
		"platforms.telegram.restart": map[string]any{
			"initial":        DefaultRestartInitial,
			"max":            DefaultRestartMax,
			"jitter_percent": DefaultRestartJitter,
		},
	}
}

// Default returns the configuration of a home directory that has no
// config.yaml: the default profile alone, answered by the echo agent, with
// no platform enabled and every other setting at its default.
func Default(dir string) *Home {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	var hf homeFile
	if err := decodeLayers(&hf, gatewayDefaults(), profileDefaults()); err != nil {
		panic(fmt.Sprintf("config: defaults do not decode: %v", err))
	}
	return &Home{
		Dir:      dir,
		Gateway:  hf.Gateway,
		Profiles: []*Profile{finishProfile(&hf.Profile, DefaultProfile, dir, nil)},
	}
}

// finishProfile fills in the fields of p that do not come from its
// config.yaml.
func finishProfile(p *Profile, name, dir string, env map[string]Secret) *Profile {
	if env == nil {
		env = map[string]Secret{}
	}
	p.Name, p.Dir, p.Env = name, dir, env
	return p
}
