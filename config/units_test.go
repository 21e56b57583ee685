package config

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	vars := map[string]string{"A": "1", "B_2": "two", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	tests := []struct {
		in, want  string
		missing   []string
		malformed bool
	}{
		{in: "plain", want: "plain"},
		{in: "${A}", want: "1"},
		{in: "x${A}y${B_2}z", want: "x1ytwoz"},
		{in: "${EMPTY}", want: ""},
		{in: "$$", want: "$"},
		{in: "$${A}", want: "${A}"},
		{in: "cost $5 and $A", want: "cost $5 and $A"},
		{in: "end$", want: "end$"},
		{in: "${NOPE} ${A} ${ALSO}", missing: []string{"NOPE", "ALSO"}},
		{in: "${A", malformed: true},
		{in: "${}", malformed: true},
		{in: "${1X}", malformed: true},
	}
	for _, tt := range tests {
		got, missing, err := expand(tt.in, lookup)
		if tt.malformed {
			if !errors.Is(err, errMalformedRef) {
				t.Errorf("expand(%q): err %v, want malformed", tt.in, err)
			}
			continue
		}
		if err != nil || !slices.Equal(missing, tt.missing) || (tt.missing == nil && got != tt.want) {
			t.Errorf("expand(%q) = %q, %v, %v; want %q, %v", tt.in, got, missing, err, tt.want, tt.missing)
		}
	}
}

func TestResolveHome(t *testing.T) {
	cwd, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, flag string
		environ    []string
		want       string
	}{
		{"flag wins", "/srv/sb", []string{"SWITCHBOARD_HOME=/env/sb", "HOME=/home/u"}, "/srv/sb"},
		{"environment next", "", []string{"SWITCHBOARD_HOME=/env/sb", "HOME=/home/u"}, "/env/sb"},
		{"then ~/.switchboard", "", []string{"HOME=/home/u"}, "/home/u/.switchboard"},
		{"empty variable is unset", "", []string{"SWITCHBOARD_HOME=", "HOME=/home/u"}, "/home/u/.switchboard"},
		{"tilde in the flag", "~/sb", []string{"HOME=/home/u"}, "/home/u/sb"},
		{"relative made absolute", "rel/sb", nil, filepath.Join(cwd, "rel/sb")},
		{"cleaned", "/srv//sb/../sb2/", nil, "/srv/sb2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveHome(tt.flag, tt.environ)
			if err != nil || got != filepath.FromSlash(tt.want) {
				t.Errorf("ResolveHome(%q) = %q, %v; want %q", tt.flag, got, err, tt.want)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	tg := profileSchema.children["platforms"].children["telegram"]
	tests := []struct {
		name    string
		section *node
		want    string
	}{
		{"enabeld", tg, "platforms.telegram.enabled"},
		{"Token", tg, "platforms.telegram.token"},
		{"allowed_user", tg, "platforms.telegram.allowed_users"},
		{"poll_timout", tg, "platforms.telegram.poll_timeout"},
		{"telegram", profileSchema, "platforms.telegram"},
		{"kind", profileSchema, "agent.kind"},
		{"colour", tg, ""},
		{"x", profileSchema, ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.name, tt.section, profileSchema); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSchemaFollowsStructs(t *testing.T) {
	var keys []string
	homeSchema.leaves(func(n *node) { keys = append(keys, n.key) })
	want := []string{
		"agent.history_turns", "agent.http.token", "agent.http.url", "agent.kind", "agent.max_concurrent_turns",
		"agent.openai.api_key", "agent.openai.base_url", "agent.openai.max_tokens", "agent.openai.model",
		"agent.openai.retries", "agent.openai.retry.initial", "agent.openai.retry.jitter_percent",
		"agent.openai.retry.max", "agent.openai.retry_after_max", "agent.openai.system_prompt", "agent.timeout",
		"gateway.drain_timeout", "gateway.listen", "gateway.max_body_bytes", "gateway.max_concurrent_turns",
		"gateway.multiplex_profiles",
		"gateway.on_profile_error", "gateway.profiles",
		"platforms.api_server.enabled", "platforms.api_server.model",
		"platforms.telegram.allow_all", "platforms.telegram.allowed_users", "platforms.telegram.api_url",
		"platforms.telegram.enabled", "platforms.telegram.mode", "platforms.telegram.parse_mode",
		"platforms.telegram.poll_timeout", "platforms.telegram.restart.initial",
		"platforms.telegram.restart.jitter_percent", "platforms.telegram.restart.max", "platforms.telegram.stream",
		"platforms.telegram.token", "platforms.telegram.webhook_url",
		"platforms.webhook.enabled", "platforms.webhook.routes.*.deliver",
		"platforms.webhook.routes.*.delivery_id_header", "platforms.webhook.routes.*.profile",
		"platforms.webhook.routes.*.prompt", "platforms.webhook.routes.*.secret",
		"sessions.busy", "sessions.idle_timeout", "sessions.per_user_in_groups",
	}
	if !slices.Equal(keys, want) {
		t.Errorf("schema keys %v, want %v", keys, want)
	}
	if _, ok := profileSchema.children["gateway"]; ok {
		t.Error("a named profile's schema has a gateway section")
	}
}

func TestValidProfileName(t *testing.T) {
	for name, want := range map[string]bool{
		"alpha": true, "a": true, "0day": true, "my_bot-2": true, strings.Repeat("a", 64): true,
		"": false, "default": false, "Alpha": false, "-a": false, "_a": false, "a.b": false,
		"a b": false, strings.Repeat("a", 65): false,
	} {
		if got := ValidProfileName(name); got != want {
			t.Errorf("ValidProfileName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestProblemsFormat(t *testing.T) {
	probs := Problems{
		{Profile: "alpha", File: "/h/profiles/alpha/.env:10", Message: "m3"},
		{Profile: "alpha", File: "/h/profiles/alpha/.env:9", Message: "m2"},
		{Profile: "default", File: "/h/config.yaml", Key: "b", Message: "m5", Fix: "f"},
		{Profile: "default", File: "/h/config.yaml", Key: "a", Message: "m4"},
		{Profile: "ghost", File: "/h/config.yaml", Key: "a", Message: "m4b"},
		{File: EnvironmentFile, Key: "SWITCHBOARD_X", Message: "m6"},
	}
	want := strings.Join([]string{
		"profile default: /h/config.yaml: a: m4",
		"profile ghost: /h/config.yaml: a: m4b",
		"profile default: /h/config.yaml: b: m5 (fix: f)",
		"/h/profiles/alpha/.env:9: m2",
		"/h/profiles/alpha/.env:10: m3",
		"environment: SWITCHBOARD_X: m6",
	}, "\n")
	if got := probs.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if probs[0].Message != "m3" {
		t.Error("Error sorted the receiver in place")
	}
	if (Problems{}).err() != nil {
		t.Error("no problems must be a nil error")
	}
}
