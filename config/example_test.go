package config_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"switchboard/config"
)

// writeFiles writes a home directory for the examples.
func writeFiles(dir string, files map[string]string) error {
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// A home with a Telegram bot in the default profile and a second,
// echo-only profile. The token lives in .env; printing it shows a
// placeholder.
func ExampleLoad() {
	dir, err := os.MkdirTemp("", "switchboard-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	err = writeFiles(dir, map[string]string{
		"config.yaml": `
gateway:
  multiplex_profiles: true
platforms:
  telegram:
    enabled: true
    token: ${TELEGRAM_BOT_TOKEN}
    allowed_users: [123456789, "@alice"]
`,
		".env":                         "TELEGRAM_BOT_TOKEN=123456:AAexampleTokenThatIsNotReal_0123\n",
		"profiles/support/config.yaml": "agent:\n  kind: echo\n",
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	home, err := config.Load(dir, os.Environ(), config.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range home.Profiles {
		tg := p.Platforms.Telegram
		fmt.Printf("%s: telegram=%v token=%q users=%v\n", p.Name, tg.Enabled, tg.Token, tg.AllowedUsers)
	}
	// Output:
	// default: telegram=true token="[redacted]" users=[123456789 alice]
	// support: telegram=false token="" users=[]
}

// A mistake is reported with the key, what is wrong and how to fix it.
func ExampleProblems() {
	dir, err := os.MkdirTemp("", "switchboard-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	err = writeFiles(dir, map[string]string{
		"config.yaml": "platforms:\n  telegram:\n    enabeld: true\n",
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	_, err = config.Load(dir, nil, config.LoadOptions{Strict: true})
	var problems config.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Printf("%s: %s (fix: %s)\n", p.Key, p.Message, p.Fix)
		}
	}
	// Output:
	// platforms.telegram.enabeld: unknown key (fix: did you mean platforms.telegram.enabled?)
}
