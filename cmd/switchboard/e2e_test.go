package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/rs/zerolog"

	"switchboard/actors"
	"switchboard/actors/state"
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
	t.Cleanup(func() {
		if n := srv.ConcurrentPolls(); n != 0 {
			t.Errorf("the fake Bot API saw %d getUpdates in flight at once on one token", n)
		}
		srv.Close()
	})
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
	gw, err := actors.Start(home, actors.Options{Log: zerolog.New(logs), Platforms: builtinPlatforms(nil, nil, nil)})
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
	if err := gw.Stop("test"); err != nil {
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

// startHome loads home strictly and starts a gateway on it, logging JSON
// into the returned buffer.
func startHome(t *testing.T, dir string) (*actors.Gateway, *logBuffer) {
	t.Helper()
	home, err := config.Load(dir, nil, config.LoadOptions{Strict: true})
	if err != nil {
		t.Fatalf("load home: %v", err)
	}
	logs := &logBuffer{}
	gw, err := actors.Start(home, actors.Options{
		Log: zerolog.New(logs), Platforms: builtinPlatforms(nil, nil, nil), StatePath: state.Path(dir),
	})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	return gw, logs
}

func stopGateway(t *testing.T, gw *actors.Gateway) {
	t.Helper()
	if err := gw.Stop("test"); err != nil {
		t.Fatalf("stop: %v", err)
	}
}

// TestServedProfiles checks which profiles' bots are polled: multiplexing
// off serves only the default profile even with profiles/ populated, and
// the allowlist narrows the named ones.
func TestServedProfiles(t *testing.T) {
	cases := []struct {
		name    string
		gateway string
		polled  []string
		ignored []string
	}{
		{"multiplex off", "", []string{tokenDefault}, []string{tokenAlpha, tokenBeta}},
		{"allowlist", "gateway:\n  multiplex_profiles: true\n  profiles: [beta]\n",
			[]string{tokenDefault, tokenBeta}, []string{tokenAlpha}},
		{"all", "gateway:\n  multiplex_profiles: true\n", []string{tokenDefault, tokenAlpha, tokenBeta}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeAPI(t)
			dir := threeBotHome(t, srv.URL())
			writeFile(t, dir, "config.yaml", tc.gateway+botConfig(srv.URL(), ""))
			gw, logs := startHome(t, dir)
			for _, tok := range tc.polled {
				waitfor.True(t, 10*time.Second, func() bool { return srv.CallCount(tok, "getUpdates") > 0 },
					"bot %s never polled; logs:\n%s", tok[:4], logs)
			}
			stopGateway(t, gw)
			for _, tok := range tc.ignored {
				if n := callsFor(srv, tok); n != 0 {
					t.Errorf("bot %s of an unserved profile got %d calls", tok[:4], n)
				}
			}
		})
	}
}

// TestDeniedUserGetsNoReply checks the default-deny access rule end to end:
// a stranger gets no answer and is logged once; an allowed user is answered.
func TestDeniedUserGetsNoReply(t *testing.T) {
	srv := newFakeAPI(t)
	dir := writeHome(t, map[string]string{
		"config.yaml": strings.Replace(botConfig(srv.URL(), ""), "allow_all: true", "allowed_users: [777]", 1),
		".env":        "TELEGRAM_BOT_TOKEN=" + tokenDefault + "\n",
	})
	gw, logs := startHome(t, dir)
	srv.PushText(tokenDefault, 555, 555, "let me in")
	srv.PushText(tokenDefault, 555, 555, "please")
	srv.PushText(tokenDefault, 777, 777, "hi")
	waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tokenDefault)) == 1 }, "allowed user not answered")
	waitfor.True(t, 10*time.Second, func() bool { return srv.Pending(tokenDefault) == 0 }, "updates not taken")
	stopGateway(t, gw)
	if got := srv.Sent(tokenDefault); len(got) != 1 || got[0].ChatID != 777 {
		t.Errorf("sent %+v, want one reply, to 777", got)
	}
	if n := strings.Count(logs.String(), "not allowed"); n != 1 {
		t.Errorf("denied user logged %d times, want once", n)
	}
}

// TestGroupTopicReplyStaysInTopic checks that a reply to a forum topic goes
// to the same chat and topic, and that group members get sessions of their
// own.
func TestGroupTopicReplyStaysInTopic(t *testing.T) {
	srv := newFakeAPI(t)
	dir := writeHome(t, map[string]string{
		"config.yaml": botConfig(srv.URL(), ""),
		".env":        "TELEGRAM_BOT_TOKEN=" + tokenDefault + "\n",
	})
	gw, logs := startHome(t, dir)
	const group = -100123
	srv.PushGroupText(tokenDefault, group, 11, 7, "from eleven")
	srv.PushGroupText(tokenDefault, group, 12, 7, "from twelve")
	waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tokenDefault)) == 2 }, "group not answered")
	stopGateway(t, gw)
	for _, m := range srv.Sent(tokenDefault) {
		if m.ChatID != group || m.ThreadID != 7 {
			t.Errorf("reply %+v, want chat %d topic 7", m, group)
		}
	}
	keys := logs.field("session started", "session")
	slices.Sort(keys)
	want := []string{"agent:main:telegram:group:-100123:7:11", "agent:main:telegram:group:-100123:7:12"}
	if !slices.Equal(keys, want) {
		t.Errorf("session keys = %v, want %v", keys, want)
	}
}

// callsFor counts every call the fake Bot API saw for one token.
func callsFor(srv *telegramtest.Server, token string) int {
	n := 0
	for _, c := range srv.Calls() {
		if c.Token == token {
			n++
		}
	}
	return n
}

// TestNewCommandAfterEmojiInGroup sends "/new@default_bot" preceded by an
// emoji in a caption-free group message, with Telegram's UTF-16 entity
// offsets, and checks the gateway answers the command itself; a command
// for another bot gets no answer.
func TestNewCommandAfterEmojiInGroup(t *testing.T) {
	srv := newFakeAPI(t)
	dir := writeHome(t, map[string]string{
		"config.yaml": botConfig(srv.URL(), ""),
		".env":        "TELEGRAM_BOT_TOKEN=" + tokenDefault + "\n",
	})
	gw, _ := startHome(t, dir)
	from := &models.User{ID: 77, FirstName: "U"}
	group := models.Chat{ID: -100400, Type: models.ChatTypeSupergroup}
	cmd := "/new@default_bot"
	srv.PushUpdate(tokenDefault, models.Update{Message: &models.Message{From: from, Chat: group,
		Text: cmd + " 🙂", Entities: []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0,
			Length: len(cmd)}}}})
	srv.PushUpdate(tokenDefault, models.Update{Message: &models.Message{From: from, Chat: group,
		Text: "/new@other_bot", Entities: []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand,
			Offset: 0, Length: 14}}}})
	srv.PushGroupText(tokenDefault, -100400, 77, 0, "after")
	waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tokenDefault)) == 2 }, "not answered")
	stopGateway(t, gw)
	sent := srv.Sent(tokenDefault)
	if sent[0].Text != "Started a new conversation." || sent[1].Text != "after" {
		t.Errorf("replies %q, %q; want the /new confirmation, then the echo (and nothing for other_bot)",
			sent[0].Text, sent[1].Text)
	}
}
