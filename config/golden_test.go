package config

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Tokens of the test homes. They are shaped like real ones but are not.
const (
	defaultToken = "111111:AAdefaultTokenForTests_0123456789"
	alphaToken   = "222222:AAalphaTokenForTests_abcdefghij"
	deltaToken   = "444444:AAdeltaTokenForTests_klmnopqrst"
)

// fullHome sets every key of config.yaml and serves three named profiles,
// next to entries that must be ignored: a dot-directory and a plain file.
var fullHome = files{
	"config.yaml": `
gateway:
  multiplex_profiles: true
  profiles: []
  on_profile_error: fail
  drain_timeout: 15s
agent:
  kind: echo
sessions:
  per_user_in_groups: false
platforms:
  telegram:
    enabled: true
    token: ${TELEGRAM_BOT_TOKEN}
    api_url: http://127.0.0.1:8081
    poll_timeout: 20s
    allowed_users: [123456789, "@alice", bob]
    allow_all: false
`,
	".env": "# the default profile's secrets\nTELEGRAM_BOT_TOKEN=" + defaultToken + "\n",
	"profiles/alpha/config.yaml": `
platforms:
  telegram:
    enabled: true
    token: ${TELEGRAM_BOT_TOKEN}
    allow_all: true
`,
	"profiles/alpha/.env":       "export TELEGRAM_BOT_TOKEN='" + alphaToken + "' # from @BotFather\n",
	"profiles/beta/config.yaml": "sessions:\n  per_user_in_groups: true\n",
	"profiles/beta/.env":        "GREETING=\"two\\nlines\"\n",
	"profiles/delta/config.yaml": `
platforms:
  telegram:
    enabled: true
    token: ${TOKEN}
`,
	"profiles/delta/.env":          "TOKEN=" + deltaToken + "\n",
	"profiles/.hidden/config.yaml": "{not yaml",
	"profiles/README.md":           "not a profile\n",
}

func TestLoadGolden(t *testing.T) {
	tests := []struct {
		name    string
		home    files // nil: the home directory does not exist
		environ []string
	}{
		{name: "missing_home"},
		{name: "empty_home", home: files{"config.yaml": ""}},
		{name: "full", home: fullHome},
		{
			name: "skip",
			home: fullHome.with(files{
				"profiles/gamma/config.yaml": "agent:\n  knd: echo\n",
				"profiles/Bad Name/":         "",
			}),
			environ: []string{"SWITCHBOARD_ON_PROFILE_ERROR=skip"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "absent")
			if tt.home != nil {
				dir = tt.home.write(t)
			}
			h, err := Load(dir, tt.environ, LoadOptions{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			checkGolden(t, filepath.Join("testdata", tt.name+".golden.json"), render(t, h))
		})
	}
}

// checkGolden compares got with the golden file, or rewrites the file
// under -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./config -run TestLoadGolden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; got:\n%s", path, got)
	}
}

func TestDefaultIsMissingHome(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "absent")
	h, err := Load(dir, nil, LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := render(t, h), render(t, Default(dir)); !bytes.Equal(got, want) {
		t.Errorf("Load of a missing home:\n%s\nwant Default:\n%s", got, want)
	}
}
