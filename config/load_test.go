package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// served returns the names of the profiles h serves, in order.
func served(h *Home) []string {
	var names []string
	for _, p := range h.Profiles {
		names = append(names, p.Name)
	}
	return names
}

func TestMultiplexOffIgnoresProfiles(t *testing.T) {
	dir := files{
		"config.yaml":                "agent:\n  kind: echo\n",
		"profiles/alpha/config.yaml": "{broken",
		"profiles/Bad Name/":         "",
		"profiles/default/":          "",
	}.write(t)
	h, err := Load(dir, nil, LoadOptions{Strict: true})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := served(h), []string{DefaultProfile}; !slices.Equal(got, want) {
		t.Errorf("served %v, want %v", got, want)
	}
}

func TestAllowlistNarrows(t *testing.T) {
	home := files{
		"config.yaml": "gateway:\n  multiplex_profiles: true\n" +
			"  profiles: [charlie, alpha, alpha, default]\n",
		"profiles/alpha/config.yaml":   "",
		"profiles/bravo/config.yaml":   "{broken, and not on the list",
		"profiles/charlie/config.yaml": "",
		"profiles/Not Listed/":         "",
	}
	tests := []struct {
		name    string
		environ []string
		want    []string
	}{
		{"from config.yaml", nil, []string{"default", "alpha", "charlie"}},
		{"from the environment", []string{"SWITCHBOARD_PROFILES= charlie ,"}, []string{"default", "charlie"}},
		{"empty variable counts as unset", []string{"SWITCHBOARD_PROFILES="}, []string{"default", "alpha", "charlie"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Load(home.write(t), tt.environ, LoadOptions{Strict: true})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := served(h); !slices.Equal(got, tt.want) {
				t.Errorf("served %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGatewayEnvOverrides(t *testing.T) {
	dir := files{
		"config.yaml":            "gateway:\n  drain_timeout: 20s\n  on_profile_error: fail\n",
		"profiles/a/config.yaml": "",
		"profiles/b/config.yaml": "",
		"profiles/c/config.yaml": "",
	}.write(t)
	environ := []string{
		"SWITCHBOARD_MULTIPLEX_PROFILES=true",
		"SWITCHBOARD_PROFILES=a,b",
		"SWITCHBOARD_DRAIN_TIMEOUT=5s",
		"SWITCHBOARD_ON_PROFILE_ERROR=skip",
		"SWITCHBOARD_HOME=/somewhere/else",
		"SWITCHBOARD_NOT_A_SETTING=1",
	}
	h, err := Load(dir, environ, LoadOptions{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	g := h.Gateway
	if !g.MultiplexProfiles || !slices.Equal(g.Profiles, []string{"a", "b"}) ||
		g.DrainTimeout != 5*time.Second || g.OnProfileError != OnProfileErrorSkip {
		t.Errorf("gateway = %+v, want the environment's values", g)
	}
	if h.Dir != dir {
		t.Errorf("Dir = %s, want %s: SWITCHBOARD_HOME is not a setting", h.Dir, dir)
	}
	if got, want := served(h), []string{"default", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("served %v, want %v", got, want)
	}
}

func TestEnvPrecedence(t *testing.T) {
	const ref = "agent:\n  kind: ${KIND}\n"
	tests := []struct {
		name    string
		home    files
		profile string // the profile whose agent.kind to read
		environ []string
		want    string // agent.kind, or "" for a load error
	}{
		{
			name:    "default profile: .env wins over the environment",
			home:    files{"config.yaml": ref, ".env": "KIND=echo\n"},
			profile: DefaultProfile, environ: []string{"KIND=oracle"}, want: "echo",
		},
		{
			name:    "default profile falls back to the environment",
			home:    files{"config.yaml": ref},
			profile: DefaultProfile, environ: []string{"KIND=echo"}, want: "echo",
		},
		{
			name: "named profile: its own .env wins over the home .env",
			home: multiplexed.with(files{
				".env": "KIND=oracle\n", "profiles/alpha/config.yaml": ref, "profiles/alpha/.env": "KIND=echo\n",
			}),
			profile: "alpha", want: "echo",
		},
		{
			name:    "named profile never reads the environment",
			home:    multiplexed.with(files{"profiles/alpha/config.yaml": ref}),
			profile: "alpha", environ: []string{"KIND=echo"},
		},
		{
			name:    "named profile never reads the home .env",
			home:    multiplexed.with(files{".env": "KIND=echo\n", "profiles/alpha/config.yaml": ref}),
			profile: "alpha",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Load(tt.home.write(t), tt.environ, LoadOptions{})
			if tt.want == "" {
				if err == nil {
					t.Fatal("Load succeeded, want a problem")
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			i := slices.IndexFunc(h.Profiles, func(p *Profile) bool { return p.Name == tt.profile })
			if got := h.Profiles[i].Agent.Kind; got != tt.want {
				t.Errorf("agent.kind = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProfileEnvIsSecretScope(t *testing.T) {
	dir := multiplexed.with(files{
		".env":                       "HOME_ONLY=1\n",
		"profiles/alpha/config.yaml": "",
		"profiles/alpha/.env":        "ALPHA_ONLY=2\n",
	}).write(t)
	h, err := Load(dir, []string{"FROM_ENVIRON=3"}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	def, alpha := h.Profiles[0], h.Profiles[1]
	if len(def.Env) != 1 || def.Env["HOME_ONLY"].Reveal() != "1" {
		t.Errorf("default Env = %v, want only HOME_ONLY", def.Env)
	}
	if len(alpha.Env) != 1 || alpha.Env["ALPHA_ONLY"].Reveal() != "2" {
		t.Errorf("alpha Env = %v, want only ALPHA_ONLY", alpha.Env)
	}
}

func TestProfileErrorPolicy(t *testing.T) {
	base := files{
		"profiles/good/config.yaml": "",
		"profiles/bad/config.yaml":  "agent:\n  kind: oracle\n",
	}
	skipHome := base.with(files{"config.yaml": "gateway:\n  multiplex_profiles: true\n  on_profile_error: skip\n"})
	tests := []struct {
		name        string
		home        files
		strict      bool
		wantServed  []string // nil: Load fails
		wantSkipped []string
	}{
		{name: "fail is the default", home: base.with(multiplexed)},
		{name: "skip leaves the bad profile out", home: skipHome,
			wantServed: []string{"default", "good"}, wantSkipped: []string{"bad"}},
		{name: "strict ignores skip", home: skipHome, strict: true},
		{name: "skip does not cover config.yaml", home: skipHome.with(files{
			"config.yaml": "gateway:\n  multiplex_profiles: true\n  on_profile_error: skip\nagent:\n  kind: oracle\n",
		})},
		{name: "skip does not cover the home .env", home: skipHome.with(files{".env": "not a line\n"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Load(tt.home.write(t), nil, LoadOptions{Strict: tt.strict})
			if tt.wantServed == nil {
				if err == nil {
					t.Fatalf("Load succeeded serving %v, want an error", served(h))
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var skipped []string
			for _, s := range h.Skipped {
				skipped = append(skipped, s.Name)
				if !strings.Contains(s.Reason.Error(), "agent.kind") {
					t.Errorf("skipped %s for %v, want the agent.kind problem", s.Name, s.Reason)
				}
			}
			if got := served(h); !slices.Equal(got, tt.wantServed) || !slices.Equal(skipped, tt.wantSkipped) {
				t.Errorf("served %v skipped %v, want %v and %v", got, skipped, tt.wantServed, tt.wantSkipped)
			}
		})
	}
}

func TestStrictReportsEveryProfile(t *testing.T) {
	dir := multiplexed.with(files{
		"profiles/a/config.yaml":     "agent:\n  kind: oracle\n",
		"profiles/b/config.yaml":     "sessions:\n  per_user: true\n",
		"profiles/c/config.yaml":     "",
		"profiles/Upper/config.yaml": "",
	}).write(t)
	_, err := Load(dir, nil, LoadOptions{Strict: true})
	var got []string
	for _, p := range problemsOf(t, err) {
		got = append(got, p.Profile)
	}
	if want := []string{"Upper", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("problems of profiles %v, want %v:\n%v", got, want, err)
	}
}

func TestDenyAllWarning(t *testing.T) {
	dir := files{
		"config.yaml": "platforms:\n  telegram:\n    enabled: true\n    token: ${T}\n",
		".env":        "T=" + defaultToken + "\n",
	}.write(t)
	h, err := Load(dir, nil, LoadOptions{Strict: true})
	if err != nil {
		t.Fatalf("deny-all must not be an error: %v", err)
	}
	if len(h.Warnings) != 1 || !strings.Contains(h.Warnings[0], "config.yaml: platforms.telegram.allowed_users: ") {
		t.Errorf("warnings = %v, want one about allowed_users", h.Warnings)
	}
}

func TestAllowlistWithoutMultiplexWarns(t *testing.T) {
	dir := files{"config.yaml": "gateway:\n  profiles: [alpha]\n"}.write(t)
	h, err := Load(dir, nil, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Warnings) != 1 || !strings.Contains(h.Warnings[0], "config.yaml: gateway.profiles: ") {
		t.Errorf("warnings = %v, want one about gateway.profiles", h.Warnings)
	}
}

func TestLoadTidiesValues(t *testing.T) {
	dir := files{
		"config.yaml": "platforms:\n  telegram:\n    token: ${T}\n    allowed_users: [42, '@Alice', ' bob ']\n",
		".env":        "T=\"  " + defaultToken + " \"\n",
	}.write(t)
	h, err := Load(dir, nil, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tg := h.Profiles[0].Platforms.Telegram
	if got := tg.Token.Reveal(); got != defaultToken {
		t.Errorf("token not trimmed")
	}
	if want := []string{"42", "Alice", "bob"}; !slices.Equal(tg.AllowedUsers, want) {
		t.Errorf("allowed_users = %q, want %q", tg.AllowedUsers, want)
	}
}

func TestHomeIsAFile(t *testing.T) {
	dir := files{"home": "a file"}.write(t)
	_, err := Load(filepath.Join(dir, "home"), nil, LoadOptions{})
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("got %v, want Problems", err)
	}
}

// TestSpecialFilesAreRefused makes config.yaml a FIFO (which would block a
// read forever) and .env a huge file; both are problems, not hangs.
func TestSpecialFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "config.yaml"), 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	big := make([]byte, 2<<20)
	if err := os.WriteFile(filepath.Join(dir, ".env"), big, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Load(dir, nil, LoadOptions{Strict: true})
		done <- err
	}()
	select {
	case err := <-done:
		for _, want := range []string{"not a regular file", "larger than 1 MiB"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Load error %v, want it to say %q", err, want)
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load blocked on a FIFO")
	}
}

// TestCheckReportsSharedTokens gives two named profiles one token: check
// (strict) names both; run (not strict) loads and leaves it to the registry.
func TestCheckReportsSharedTokens(t *testing.T) {
	const tok = "777:AAshared-token-secret-part-xyz123"
	bot := "platforms:\n  telegram:\n    enabled: true\n    allow_all: true\n    token: ${T}\n"
	dir := t.TempDir()
	for rel, body := range map[string]string{
		"config.yaml":                "gateway:\n  multiplex_profiles: true\n",
		"profiles/alpha/config.yaml": bot, "profiles/alpha/.env": "T=" + tok + "\n",
		"profiles/beta/config.yaml": bot, "profiles/beta/.env": "T=" + tok + "\n",
	} {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Load(dir, nil, LoadOptions{Strict: true})
	if err == nil || !strings.Contains(err.Error(), "profiles/beta/config.yaml: platforms.telegram.token") ||
		!strings.Contains(err.Error(), "same bot token as profile alpha") {
		t.Errorf("strict load error %v, want beta's token reported as alpha's", err)
	}
	if strings.Contains(fmt.Sprint(err), "AAshared") {
		t.Errorf("the problem shows the token")
	}
	if _, err := Load(dir, nil, LoadOptions{}); err != nil {
		t.Errorf("run's load failed on a shared token: %v", err)
	}
}

// TestKeylessAPIBehindWebhookProxyWarns: webhook mode implies a public
// proxy in front of the listener, so a keyless API gets a warning.
func TestKeylessAPIBehindWebhookProxyWarns(t *testing.T) {
	dir := t.TempDir()
	cfg := "platforms:\n  telegram:\n    enabled: true\n    allow_all: true\n    token: \"1:AAAAAAAAAAAAAAAAAAAAAAAAAA\"\n" +
		"    mode: webhook\n    webhook_url: https://bots.example.test\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := Load(dir, nil, LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(h.Warnings, "\n"), "API_SERVER_KEY") {
		t.Errorf("warnings %q, want one about the keyless API", h.Warnings)
	}
	h, err = Load(dir, []string{"API_SERVER_KEY=k"}, LoadOptions{Strict: true})
	if err != nil || len(h.Warnings) != 0 {
		t.Errorf("with a key: warnings %q, err %v; want none", h.Warnings, err)
	}
}
