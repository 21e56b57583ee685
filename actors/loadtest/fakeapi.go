package loadtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"switchboard/config"
	"switchboard/platforms/telegram/telegramtest"
)

// loopbackURL is how the fake Bot API's URL begins. A home whose bots
// point anywhere else is refused: a load test never talks to the real
// Telegram.
const loopbackURL = "http://127.0.0.1:"

// botToken returns bot i's made-up token, shaped like a real one so that
// the gateway validates and redacts it as such.
func botToken(i int) string {
	return fmt.Sprintf("%d:AAloadtest%08d-secret-part-xyz", 700_000_000+i, i)
}

// startFake starts a fake Bot API on 127.0.0.1 that knows n bots, and
// returns it with their tokens.
func startFake(n int) (*telegramtest.Server, []string) {
	srv := telegramtest.New()
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = botToken(i + 1)
		srv.AddBot(tokens[i], fmt.Sprintf("loadtest%d_bot", i+1))
	}
	return srv, tokens
}

// profileName is the profile serving bot i: the default profile serves the
// first, named profiles the rest.
func profileName(i int) string {
	if i == 0 {
		return config.DefaultProfile
	}
	return fmt.Sprintf("b%05d", i)
}

// writeHome writes a home directory as an operator would: multiplexing on,
// the shared listener off, and one profile per token whose Telegram bot
// polls the fake at apiURL, admitting everyone.
func writeHome(dir, apiURL string, tokens []string, poll time.Duration) error {
	if !strings.HasPrefix(apiURL, loopbackURL) {
		return fmt.Errorf("write load test home: api_url %q is not on 127.0.0.1", apiURL)
	}
	bot := fmt.Sprintf("platforms:\n  telegram:\n    enabled: true\n    token: ${TELEGRAM_BOT_TOKEN}\n"+
		"    api_url: %s\n    poll_timeout: %s\n    allow_all: true\n", apiURL, poll)
	files := map[string]string{}
	for i, tok := range tokens {
		at := "."
		if i > 0 {
			at = filepath.Join("profiles", profileName(i))
		}
		files[filepath.Join(at, "config.yaml")] = bot
		files[filepath.Join(at, ".env")] = "TELEGRAM_BOT_TOKEN=" + tok + "\n"
	}
	files["config.yaml"] = "gateway:\n  multiplex_profiles: true\n  listen: \"off\"\n" + bot
	for rel, body := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return fmt.Errorf("write load test home: %w", err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			return fmt.Errorf("write load test home: %w", err)
		}
	}
	return nil
}

// loadHome loads dir as switchboard run does, and checks that every
// Telegram bot in it talks to the fake at apiURL.
func loadHome(dir, apiURL string) (*config.Home, error) {
	home, err := config.Load(dir, nil, config.LoadOptions{Strict: true})
	if err != nil {
		return nil, fmt.Errorf("load load test home: %w", err)
	}
	for _, p := range home.Profiles {
		t := p.Platforms.Telegram
		if t.Enabled && (strings.TrimRight(t.APIURL, "/") != apiURL || !strings.HasPrefix(apiURL, loopbackURL)) {
			return nil, fmt.Errorf("load load test home: profile %q: api_url is not the fake Bot API", p.Name)
		}
	}
	return home, nil
}
