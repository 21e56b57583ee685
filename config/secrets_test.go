package config

import (
	"path"
	"strings"
	"testing"
)

// leakyHomes put secrets where a careless message would quote them.
var leakyHomes = []struct {
	name    string
	home    files
	environ []string
}{
	{"token of the wrong shape written inline", files{
		"config.yaml": "platforms:\n  telegram:\n    enabled: true\n    token: 98765:inlineButTooShort\n",
	}, nil},
	{"token of the wrong type", files{
		"config.yaml": "platforms:\n  telegram:\n    token: [" + defaultToken + "]\n",
	}, nil},
	{"secret where a bool belongs", files{
		"config.yaml": "platforms:\n  telegram:\n    enabled: ${SECRET}\n    allow_all: ${SECRET}\n",
		".env":        "SECRET=hunter2-correct-horse\n",
	}, nil},
	{"secret where a duration and a URL belong", files{
		"config.yaml": "platforms:\n  telegram:\n    poll_timeout: ${SECRET}\n    api_url: ${SECRET}\n",
		".env":        "SECRET=hunter2-correct-horse\n",
	}, nil},
	{"secret as an unknown agent kind", files{
		"config.yaml": "agent:\n  kind: ${SECRET}\n", ".env": "SECRET=hunter2-correct-horse\n",
	}, nil},
	{"secret under an unknown key", files{
		"config.yaml": "agent:\n  password: " + alphaToken + "\n",
	}, nil},
	{"secret on a bad .env line", files{
		".env": "OK=fine-value-123\nTOKEN: " + deltaToken + "\nX='unclosed " + alphaToken + "\n",
	}, nil},
	{"secret in a YAML syntax error", files{
		"config.yaml": "platforms:\n  telegram:\n    token: \"" + defaultToken + "\n  x: [",
	}, nil},
	{"whole file is a token", files{"config.yaml": defaultToken + "\n"}, nil},
	{"secret in a bad allowed_users entry", files{
		"config.yaml": "platforms:\n  telegram:\n    allowed_users: ['${SECRET}']\n",
		".env":        "SECRET=hunter2 correct horse\n",
	}, nil},
	{"secret in a SWITCHBOARD_ variable", nil, []string{"SWITCHBOARD_DRAIN_TIMEOUT=" + alphaToken}},
	{"skipped profile with a secret", files{
		"config.yaml":                "gateway:\n  multiplex_profiles: true\n  on_profile_error: skip\n",
		"profiles/alpha/config.yaml": "platforms:\n  telegram:\n    enabled: true\n    token: ${T}\n    api_url: ${T}\n",
		"profiles/alpha/.env":        "T=4242:skippedProfileTooShort\n",
	}, nil},
}

// secretsOf gathers every .env value and every token-shaped string of a
// home, and every value of a SWITCHBOARD_ variable.
func secretsOf(t *testing.T, home files, environ []string) []string {
	var out []string
	for name, text := range home {
		out = append(out, tokenLike.FindAllString(text, -1)...)
		if path.Base(name) != ".env" {
			continue
		}
		vars, _ := parseDotenv(name, []byte(text))
		for k, v := range vars {
			if len(v) < 6 {
				t.Fatalf("%s: %s is too short to tell apart from ordinary words", name, k)
			}
			out = append(out, v.Reveal())
		}
	}
	for _, kv := range environ {
		_, v, _ := strings.Cut(kv, "=")
		out = append(out, v)
	}
	return out
}

// containsAny reports whether s contains any of the non-empty secrets.
func containsAny(s string, secrets ...string) bool {
	for _, secret := range secrets {
		if secret != "" && strings.Contains(s, secret) {
			return true
		}
	}
	return false
}

func TestProblemsNeverShowSecrets(t *testing.T) {
	type home struct {
		name    string
		home    files
		environ []string
	}
	var homes []home
	for _, h := range leakyHomes {
		homes = append(homes, home{h.name, h.home, h.environ})
	}
	for _, h := range brokenHomes {
		homes = append(homes, home{h.name, h.home, h.environ})
	}
	homes = append(homes, home{"full home", fullHome, nil})
	extra := []string{"inlineButTooShort", "skippedProfileTooShort"}
	for _, h := range homes {
		t.Run(h.name, func(t *testing.T) {
			secrets := append(secretsOf(t, h.home, h.environ), extra...)
			for _, strict := range []bool{false, true} {
				text := loadText(t, h.home.write(t), h.environ, LoadOptions{Strict: strict})
				if containsAny(text, secrets...) {
					t.Errorf("a problem or warning shows a secret:\n%s", text)
				}
			}
		})
	}
}

// loadText loads a home and returns every problem, skipped reason and
// warning as text.
func loadText(t *testing.T, dir string, environ []string, opts LoadOptions) string {
	h, err := Load(dir, environ, opts)
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, s := range h.Skipped {
		b.WriteString(s.Reason.Error() + "\n")
	}
	for _, w := range h.Warnings {
		b.WriteString(w + "\n")
	}
	return b.String()
}

func TestScrub(t *testing.T) {
	probs := Problems{{Message: "bad value hunter2-correct-horse", Fix: "token " + alphaToken + " is wrong"}}
	got := scrub(probs, []string{"hunter2-correct-horse", "short"}).Error()
	if containsAny(got, "hunter2-correct-horse", alphaToken) {
		t.Errorf("scrub left a secret: %s", got)
	}
	if probs[0].Fix == got {
		t.Error("scrub changed its input")
	}
}
