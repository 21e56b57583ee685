package main

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"switchboard/actors"
	"switchboard/actors/waitfor"
	"switchboard/config"
	"switchboard/platforms/telegram/telegramtest"
)

// Tokens of the three test bots. They are shaped like real tokens so that
// validation and redaction treat them as such.
const (
	tokenDefault = "1001:AAdefault-secret-part-0123456789"
	tokenAlpha   = "2002:AAalpha-secret-part-0123456789ab"
	tokenBeta    = "3003:AAbeta-secret-part-0123456789abc"
)

// threeBotHome is a multiplexing home: the default profile and two named
// ones, each with its own bot on the fake Bot API.
func threeBotHome(t *testing.T, apiURL string) string {
	return writeHome(t, map[string]string{
		"config.yaml":                "gateway:\n  multiplex_profiles: true\n" + botConfig(apiURL, ""),
		".env":                       "TELEGRAM_BOT_TOKEN=" + tokenDefault + "\n",
		"profiles/alpha/config.yaml": botConfig(apiURL, ""),
		"profiles/alpha/.env":        "TELEGRAM_BOT_TOKEN=" + tokenAlpha + "\n",
		"profiles/beta/config.yaml":  botConfig(apiURL, ""),
		"profiles/beta/.env":         "TELEGRAM_BOT_TOKEN=" + tokenBeta + "\n",
	})
}

func newFakeAPI(t *testing.T) *telegramtest.Server {
	t.Helper()
	srv := telegramtest.New()
	t.Cleanup(srv.Close)
	srv.AddBot(tokenDefault, "default_bot")
	srv.AddBot(tokenAlpha, "alpha_bot")
	srv.AddBot(tokenBeta, "beta_bot")
	return srv
}

// TestEveryProfileAnswersThroughItsOwnBot writes from one user to the bots
// of three profiles and checks that each reply leaves through the bot that
// received the message, in its own session.
func TestEveryProfileAnswersThroughItsOwnBot(t *testing.T) {
	srv := newFakeAPI(t)
	home, err := config.Load(threeBotHome(t, srv.URL()), nil, config.LoadOptions{Strict: true})
	if err != nil {
		t.Fatalf("load home: %v", err)
	}
	logs := &logBuffer{}
	gw, err := actors.Start(home, actors.Options{Log: zerolog.New(logs), Platforms: builtinPlatforms()})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	const user = 555
	tokens := map[string]string{"default": tokenDefault, "alpha": tokenAlpha, "beta": tokenBeta}
	for name, tok := range tokens {
		srv.PushText(tok, user, user, "hello "+name)
	}
	for name, tok := range tokens {
		waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tok)) == 1 },
			"profile %s: want one reply through its own bot, got %+v", name, srv.Sent(tok))
	}
	if err := gw.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	for name, tok := range tokens {
		got := srv.Sent(tok)
		if len(got) != 1 || got[0].Text != "hello "+name || got[0].ChatID != user {
			t.Errorf("profile %s sent %+v, want one echo of %q to chat %d", name, got, "hello "+name, user)
		}
	}
	keys := logs.field("session started", "session")
	slices.Sort(keys)
	want := []string{
		fmt.Sprintf("agent:alpha:telegram:dm:%d", user),
		fmt.Sprintf("agent:beta:telegram:dm:%d", user),
		fmt.Sprintf("agent:main:telegram:dm:%d", user),
	}
	if !slices.Equal(keys, want) {
		t.Errorf("session keys = %v, want %v", keys, want)
	}
}
