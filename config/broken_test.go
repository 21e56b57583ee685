package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// multiplexed is the config.yaml of a home that serves its named profiles.
var multiplexed = files{"config.yaml": "gateway:\n  multiplex_profiles: true\n"}

// wantProblem is a problem a broken home must report. file is relative to
// the home, or EnvironmentFile; fix and msg are substrings.
type wantProblem struct {
	file, key, fix, msg string
}

// brokenHomes are homes Load must refuse, each with the problem it must
// report.
var brokenHomes = []struct {
	name    string
	home    files
	environ []string
	want    wantProblem
}{
	{
		name: "unknown key",
		home: files{"config.yaml": "agent:\n  kind: echo\n  colour: red\n"},
		want: wantProblem{file: "config.yaml", key: "agent.colour", msg: "unknown key",
			fix: "remove it; the keys in agent are history_turns, http, kind, max_concurrent_turns"},
	},
	{
		name: "typo with suggestion",
		home: files{"config.yaml": "platforms:\n  telegram:\n    enabeld: true\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.telegram.enabeld",
			fix: "did you mean platforms.telegram.enabled?"},
	},
	{
		name: "key in the wrong section",
		home: multiplexed.with(files{"profiles/alpha/config.yaml": "telegram:\n  enabled: false\n"}),
		want: wantProblem{file: "profiles/alpha/config.yaml", key: "telegram",
			fix: "did you mean platforms.telegram?"},
	},
	{
		name: "gateway key at the top level",
		home: files{"config.yaml": "multiplex_profiles: true\n"},
		want: wantProblem{file: "config.yaml", key: "multiplex_profiles",
			fix: "did you mean gateway.multiplex_profiles?"},
	},
	{
		name: "bad profile directory name",
		home: multiplexed.with(files{"profiles/My_Bot/config.yaml": ""}),
		want: wantProblem{file: "profiles/My_Bot", msg: "not a valid profile name",
			fix: "rename it to " + filepath.FromSlash("<home>/profiles/my_bot")},
	},
	{
		name: "reserved default directory",
		home: multiplexed.with(files{"profiles/default/config.yaml": ""}),
		want: wantProblem{file: "profiles/default", msg: "reserved", fix: "rename the directory"},
	},
	{
		name: "listener open to the network without a key",
		home: files{"config.yaml": "gateway:\n  listen: 0.0.0.0:8642\n"},
		want: wantProblem{file: "config.yaml", key: "gateway.listen", msg: "without a key", fix: "API_SERVER_KEY"},
	},
	{
		name: "listen not an address",
		home: files{"config.yaml": "gateway:\n  listen: somewhere\n"},
		want: wantProblem{file: "config.yaml", key: "gateway.listen", msg: "host:port"},
	},
	{
		name: "telegram webhook mode without URL",
		home: files{"config.yaml": "platforms:\n  telegram:\n    mode: webhook\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.telegram.webhook_url", msg: "https"},
	},
	{
		name: "webhook route without secret",
		home: files{"config.yaml": "platforms:\n  webhook:\n    enabled: true\n    routes:\n      gh:\n        prompt: x\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.webhook.routes.gh.secret", msg: "missing secret"},
	},
	{
		name: "webhook route bound to an unknown profile",
		home: files{"config.yaml": "platforms:\n  webhook:\n    routes:\n      gh:\n        secret: s3cret-value\n        profile: ghost\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.webhook.routes.gh.profile", msg: "not served"},
	},
	{
		name: "webhook route with a bad target and template",
		home: files{"config.yaml": "platforms:\n  webhook:\n    routes:\n      gh:\n        secret: s3cret-value\n        deliver: slack:1\n        prompt: \"{{.x\"\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.webhook.routes.gh.deliver", msg: "unknown delivery target"},
	},
	{
		name: "webhook route with a bad name",
		home: files{"config.yaml": "platforms:\n  webhook:\n    routes:\n      Bad/Name:\n        secret: x\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.webhook.routes.Bad/Name", msg: "not a valid name"},
	},
	{
		name: "reserved main directory",
		home: multiplexed.with(files{"profiles/main/config.yaml": ""}),
		want: wantProblem{file: "profiles/main", msg: "reserved", fix: "rename the directory"},
	},
	{
		name: "poll_timeout too short",
		home: files{"config.yaml": "platforms:\n  telegram:\n    poll_timeout: 500ms\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.telegram.poll_timeout", msg: "between 1s and 50s"},
	},
	{
		name: "profile directory without config.yaml",
		home: multiplexed.with(files{"profiles/alpha/.env": "A=alpha-env-value\n"}),
		want: wantProblem{file: "profiles/alpha/config.yaml", msg: "no config.yaml",
			fix: "create " + filepath.FromSlash("<home>/profiles/alpha/config.yaml")},
	},
	{
		name: "missing token",
		home: files{"config.yaml": "platforms:\n  telegram:\n    enabled: true\n    allow_all: true\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.telegram.token", msg: "missing token",
			fix: "add TELEGRAM_BOT_TOKEN=<token from @BotFather> to " + filepath.FromSlash("<home>/.env") +
				" and set platforms.telegram.token: ${TELEGRAM_BOT_TOKEN}"},
	},
	{
		name: "bad token shape",
		home: multiplexed.with(files{
			"profiles/alpha/config.yaml": "platforms:\n  telegram:\n    enabled: true\n    token: ${T}\n",
			"profiles/alpha/.env":        "T=12345:tooShortSecretXY\n",
		}),
		want: wantProblem{file: "profiles/alpha/config.yaml", key: "platforms.telegram.token",
			msg: "not shaped like a bot token", fix: "copy the whole token from @BotFather"},
	},
	{
		name: "bad YAML",
		home: files{"config.yaml": "agent:\n  kind: echo\n kind: x\n"},
		want: wantProblem{file: "config.yaml:2", msg: "invalid YAML", fix: "indent with spaces"},
	},
	{
		name: "YAML that is not a mapping",
		home: files{"config.yaml": "- just\n- a list\n"},
		want: wantProblem{file: "config.yaml", msg: "not a mapping", fix: "key: value"},
	},
	{
		name: "wrong type: list for a bool",
		home: files{"config.yaml": "sessions:\n  per_user_in_groups: [1]\n"},
		want: wantProblem{file: "config.yaml", key: "sessions.per_user_in_groups",
			msg: "want true or false, got a list", fix: "write true or false"},
	},
	{
		name: "wrong type: number for a duration",
		home: files{"config.yaml": "platforms:\n  telegram:\n    poll_timeout: 30\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.telegram.poll_timeout",
			msg: "want a duration, got a number", fix: "such as 30s"},
	},
	{
		name: "wrong type: section for text",
		home: files{"config.yaml": "agent:\n  kind:\n    name: echo\n"},
		want: wantProblem{file: "config.yaml", key: "agent.kind", msg: "want text, got a section"},
	},
	{
		name: "wrong type: list entry",
		home: files{"config.yaml": "platforms:\n  telegram:\n    allowed_users: [alice, [bob]]\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.telegram.allowed_users[1]", msg: "got a list"},
	},
	{
		name: "bad text for a bool from ${VAR}",
		home: files{"config.yaml": "platforms:\n  telegram:\n    enabled: ${ON}\n", ".env": "ON=perhaps-yes\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.telegram.enabled",
			msg: "want true or false, got text that is not true or false"},
	},
	{
		name: "unresolved variable in a named profile",
		home: multiplexed.with(files{
			"profiles/alpha/config.yaml": "platforms:\n  telegram:\n    token: ${ALPHA_TOKEN}\n",
		}),
		environ: []string{"ALPHA_TOKEN=" + alphaToken},
		want: wantProblem{file: "profiles/alpha/config.yaml", key: "platforms.telegram.token",
			msg: "variable ALPHA_TOKEN is not defined",
			fix: "add ALPHA_TOKEN=<value> to " + filepath.FromSlash("<home>/profiles/alpha/.env")},
	},
	{
		name: "unresolved variable in the default profile",
		home: files{"config.yaml": "agent:\n  kind: ${KIND}\n"},
		want: wantProblem{file: "config.yaml", key: "agent.kind", msg: "variable KIND is not defined",
			fix: "add KIND=<value> to " + filepath.FromSlash("<home>/.env") + " or set it in the gateway's environment"},
	},
	{
		name: "malformed variable reference",
		home: files{"config.yaml": "agent:\n  kind: ${KIND\n"},
		want: wantProblem{file: "config.yaml", key: "agent.kind", msg: "malformed", fix: "$$ for a literal $"},
	},
	{
		name: "gateway section in a named profile",
		home: multiplexed.with(files{"profiles/alpha/config.yaml": "gateway:\n  drain_timeout: 5s\n"}),
		want: wantProblem{file: "profiles/alpha/config.yaml", key: "gateway",
			fix: "move them to the gateway: section of " + filepath.FromSlash("<home>/config.yaml")},
	},
	{
		name: "allowlist names a missing profile",
		home: files{
			"config.yaml":                "gateway:\n  multiplex_profiles: true\n  profiles: [alpha, ghost]\n",
			"profiles/alpha/config.yaml": "",
		},
		want: wantProblem{file: "config.yaml", key: "gateway.profiles", msg: "lists profile ghost",
			fix: "take ghost off the list"},
	},
	{
		name: "allowlist entry that is not a name",
		home: files{"config.yaml": "gateway:\n  multiplex_profiles: true\n  profiles: [Alpha]\n"},
		want: wantProblem{file: "config.yaml", key: "gateway.profiles[0]", msg: "not a valid profile name"},
	},
	{
		name: "bad .env line",
		home: files{".env": "# secrets\nGOOD=good-env-value\nTELEGRAM_BOT_TOKEN " + defaultToken + "\n"},
		want: wantProblem{file: ".env:3", msg: "not a KEY=VALUE line", fix: "write KEY=VALUE"},
	},
	{
		name: "bad .env line in a named profile",
		home: multiplexed.with(files{
			"profiles/alpha/config.yaml": "",
			"profiles/alpha/.env":        "TOKEN=\"" + alphaToken + "\n",
		}),
		want: wantProblem{file: "profiles/alpha/.env:1", msg: "no closing quote"},
	},
	{
		name:    "bad SWITCHBOARD_ duration",
		environ: []string{"SWITCHBOARD_DRAIN_TIMEOUT=soon"},
		want: wantProblem{file: EnvironmentFile, key: "SWITCHBOARD_DRAIN_TIMEOUT",
			msg: "it overrides gateway.drain_timeout", fix: "set SWITCHBOARD_DRAIN_TIMEOUT to a Go duration such as 10s"},
	},
	{
		name:    "bad SWITCHBOARD_ bool",
		environ: []string{"SWITCHBOARD_MULTIPLEX_PROFILES=yes please"},
		want: wantProblem{file: EnvironmentFile, key: "SWITCHBOARD_MULTIPLEX_PROFILES",
			fix: "true or false"},
	},
	{
		name:    "bad SWITCHBOARD_ policy",
		environ: []string{"SWITCHBOARD_ON_PROFILE_ERROR=ignore"},
		want: wantProblem{file: EnvironmentFile, key: "SWITCHBOARD_ON_PROFILE_ERROR",
			msg: "must be fail or skip"},
	},
	{
		name: "bad on_profile_error",
		home: files{"config.yaml": "gateway:\n  on_profile_error: continue\n"},
		want: wantProblem{file: "config.yaml", key: "gateway.on_profile_error", msg: "must be fail or skip"},
	},
	{
		name: "zero drain_timeout",
		home: files{"config.yaml": "gateway:\n  drain_timeout: 0s\n"},
		want: wantProblem{file: "config.yaml", key: "gateway.drain_timeout", msg: "more than 0s"},
	},
	{
		name: "unknown agent kind",
		home: files{"config.yaml": "agent:\n  kind: oracle\n"},
		want: wantProblem{file: "config.yaml", key: "agent.kind", fix: "one of: echo"},
	},
	{
		name: "api_url not absolute",
		home: files{"config.yaml": "platforms:\n  telegram:\n    api_url: localhost:8081\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.telegram.api_url", msg: "absolute http or https URL"},
	},
	{
		name: "poll_timeout too long",
		home: files{"config.yaml": "platforms:\n  telegram:\n    poll_timeout: 1m\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.telegram.poll_timeout", msg: "between 1s and 50s"},
	},
	{
		name: "allowed_users entry that is not a user",
		home: files{"config.yaml": "platforms:\n  telegram:\n    allowed_users: ['@']\n"},
		want: wantProblem{file: "config.yaml", key: "platforms.telegram.allowed_users[0]", msg: "not a Telegram user"},
	},
}

func TestBrokenHomes(t *testing.T) {
	for _, tt := range brokenHomes {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.home.write(t)
			_, err := Load(dir, tt.environ, LoadOptions{})
			probs := problemsOf(t, err)
			want := tt.want
			file := want.file
			if file != EnvironmentFile {
				file = filepath.Join(dir, filepath.FromSlash(file))
			}
			want.fix = strings.ReplaceAll(want.fix, "<home>", dir)
			for _, p := range probs {
				if p.File == file && p.Key == want.key &&
					strings.Contains(p.Fix, want.fix) && strings.Contains(p.Message, want.msg) {
					return
				}
			}
			t.Errorf("no problem at %s key %q with message ~%q and fix ~%q; got:\n%v",
				file, want.key, want.msg, want.fix, err)
		})
	}
}

func TestOneMistakeOneProblem(t *testing.T) {
	// An unresolved ${VAR} in the token must not also read as a missing token.
	dir := files{"config.yaml": "platforms:\n  telegram:\n    enabled: true\n    token: ${NOPE}\n"}.write(t)
	_, err := Load(dir, nil, LoadOptions{})
	if probs := problemsOf(t, err); len(probs) != 1 {
		t.Errorf("got %d problems, want 1:\n%v", len(probs), err)
	}
}
