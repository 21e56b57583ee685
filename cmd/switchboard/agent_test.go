package main

import (
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"switchboard/actors"
	"switchboard/actors/agent/agenttest"
	"switchboard/actors/waitfor"
	"switchboard/config"
)

// TestProfilesUseTheirOwnModelAndKey gives two profiles OpenAI-compatible
// agents with different models and keys on one fake server, and checks
// that each Telegram conversation reached the model with its own
// profile's key and model, and the answer came back through its own bot.
func TestProfilesUseTheirOwnModelAndKey(t *testing.T) {
	srv := newFakeAPI(t)
	llm := agenttest.New()
	t.Cleanup(llm.Close)
	agentCfg := func(model string) string {
		return "agent:\n  kind: openai\n  openai:\n    base_url: " + llm.BaseURL() + "\n    model: " + model +
			"\n    api_key: ${OPENAI_API_KEY}\n    system_prompt: be brief\n"
	}
	dir := threeBotHome(t, srv.URL())
	writeFile(t, dir, "config.yaml", "gateway:\n  multiplex_profiles: true\n"+botConfig(srv.URL(), "")+agentCfg("model-d"))
	writeFile(t, dir, ".env", "TELEGRAM_BOT_TOKEN="+tokenDefault+"\nOPENAI_API_KEY=sk-default-0123456789\n")
	writeFile(t, dir, "profiles/alpha/config.yaml", botConfig(srv.URL(), "")+agentCfg("model-a"))
	writeFile(t, dir, "profiles/alpha/.env", "TELEGRAM_BOT_TOKEN="+tokenAlpha+"\nOPENAI_API_KEY=sk-alpha-0123456789\n")
	gw, _ := startHome(t, dir)
	srv.PushText(tokenDefault, 1, 1, "question for default")
	srv.PushText(tokenAlpha, 1, 1, "question for alpha")
	for _, tok := range []string{tokenDefault, tokenAlpha} {
		waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tok)) == 1 }, "bot %s silent", tok[:4])
	}
	stopGateway(t, gw)
	want := map[string]string{"question for default": "model-d sk-default-0123456789",
		"question for alpha": "model-a sk-alpha-0123456789"}
	for _, r := range llm.Requests() {
		if got := r.Model + " " + r.BearerToken(); got != want[r.LastUserText()] {
			t.Errorf("request for %q used %q, want %q", r.LastUserText(), got, want[r.LastUserText()])
		}
		if len(r.Messages) == 0 || r.Messages[0].Content != "be brief" {
			t.Errorf("request for %q lacks the system prompt: %+v", r.LastUserText(), r.Messages)
		}
	}
	if len(llm.Requests()) != 2 {
		t.Errorf("%d model requests, want 2", len(llm.Requests()))
	}
	for tok, q := range map[string]string{tokenDefault: "question for default", tokenAlpha: "question for alpha"} {
		if got := srv.Sent(tok)[0].Text; !strings.Contains(got, q) {
			t.Errorf("bot %s answered %q, want the model's echo of %q", tok[:4], got, q)
		}
	}
}

// TestHistorySurvivesRestartAndNewClearsIt talks to an OpenAI-compatible
// agent over Telegram, restarts the gateway on the same database, and
// checks that the model still receives the earlier turns; /new empties
// them.
func TestHistorySurvivesRestartAndNewClearsIt(t *testing.T) {
	srv := newFakeAPI(t)
	llm := agenttest.New()
	t.Cleanup(llm.Close)
	dir := writeHome(t, map[string]string{
		"config.yaml": botConfig(srv.URL(), "") + "agent:\n  kind: openai\n  openai:\n    base_url: " +
			llm.BaseURL() + "\n    model: m\n",
		".env": "TELEGRAM_BOT_TOKEN=" + tokenDefault + "\n",
	})
	home, err := config.Load(dir, nil, config.LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	db, err := openStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := func() *actors.Gateway {
		gw, err := actors.Start(home, actors.Options{Log: zerolog.Nop(), History: db,
			Platforms: builtinPlatforms(db, nil, home.Profiles[0])})
		if err != nil {
			t.Fatal(err)
		}
		return gw
	}
	say := func(text string, replies int) {
		srv.PushText(tokenDefault, 9, 9, text)
		waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tokenDefault)) == replies }, "no reply to %q", text)
	}
	gw := start()
	say("first", 1)
	say("second", 2)
	stopGateway(t, gw)

	gw = start()
	say("third", 3)
	say("/new", 4)
	say("fourth", 5)
	stopGateway(t, gw)

	reqs := llm.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d model requests, want 4", len(reqs))
	}
	var third []string
	for _, m := range reqs[2].Messages {
		third = append(third, m.Role+":"+m.Content)
	}
	if got := strings.Join(third, " | "); !strings.HasPrefix(got, "user:first | assistant:") ||
		!strings.Contains(got, "user:second") || !strings.HasSuffix(got, "user:third") {
		t.Errorf("after the restart the model got %q, want both earlier turns then the third", got)
	}
	if n := len(reqs[3].Messages); n != 1 {
		t.Errorf("after /new the model got %d messages, want only the new one", n)
	}
}

// TestUpstreamFailuresReachTheUserPlainly scripts a failing model (500,
// 429, a hang) for each case: bounded retries, then a short plain message
// in the chat that holds no URL, key or token.
func TestUpstreamFailuresReachTheUserPlainly(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []agenttest.Step
	}{
		{"500", []agenttest.Step{agenttest.Fail(500, "boom"), agenttest.Fail(500, "boom"), agenttest.Fail(500, "boom")}},
		{"429", []agenttest.Step{agenttest.RateLimit(time.Millisecond), agenttest.RateLimit(time.Millisecond),
			agenttest.RateLimit(time.Millisecond)}},
		{"hang", []agenttest.Step{agenttest.Hang(), agenttest.Hang(), agenttest.Hang()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeAPI(t)
			llm := agenttest.New()
			t.Cleanup(llm.Close)
			llm.Script(tc.steps...)
			dir := writeHome(t, map[string]string{
				"config.yaml": botConfig(srv.URL(), "") + "agent:\n  kind: openai\n  timeout: 300ms\n  openai:\n" +
					"    base_url: " + llm.BaseURL() + "\n    model: m\n    api_key: ${KEY}\n" +
					"    retry:\n      initial: 10ms\n      max: 20ms\n",
				".env": "TELEGRAM_BOT_TOKEN=" + tokenDefault + "\nKEY=sk-secret-model-key-123\n",
			})
			gw, logs := startHome(t, dir)
			srv.PushText(tokenDefault, 3, 3, "hello?")
			waitfor.True(t, 15*time.Second, func() bool { return len(srv.Sent(tokenDefault)) == 1 }, "no answer")
			stopGateway(t, gw)
			if n := llm.Calls(); n != 3 {
				t.Errorf("%d model calls, want 3 (the first and 2 retries)", n)
			}
			msg := srv.Sent(tokenDefault)[0].Text
			for _, bad := range []string{"http", "127.0.0.1", "sk-secret", "secret-part", "/v1"} {
				if strings.Contains(msg, bad) {
					t.Errorf("user message %q contains %q", msg, bad)
				}
			}
			if strings.Contains(logs.String(), "sk-secret-model-key-123") {
				t.Errorf("the model key reached the log")
			}
		})
	}
}

// TestStreamingToTelegram streams a slow model answer into a chat: the
// reply first appears as a message, grows by edits, and ends with the
// full text.
func TestStreamingToTelegram(t *testing.T) {
	srv := newFakeAPI(t)
	llm := agenttest.New()
	t.Cleanup(llm.Close)
	full := "one two three four five six"
	llm.Script(agenttest.Step{Text: full, ChunkDelay: 400 * time.Millisecond})
	dir := writeHome(t, map[string]string{
		"config.yaml": botConfig(srv.URL(), "    stream: true\n") + "agent:\n  kind: openai\n  openai:\n" +
			"    base_url: " + llm.BaseURL() + "\n    model: m\n",
		".env": "TELEGRAM_BOT_TOKEN=" + tokenDefault + "\n",
	})
	gw, _ := startHome(t, dir)
	srv.PushText(tokenDefault, 4, 4, "tell me")
	waitfor.True(t, 15*time.Second, func() bool {
		sent := srv.Sent(tokenDefault)
		if len(sent) != 1 {
			return false
		}
		m, ok := srv.Message(tokenDefault, 4, sent[0].MessageID)
		return ok && m.Text == full
	}, "the streamed reply never reached its full text")
	stopGateway(t, gw)
	if n := srv.CallCount(tokenDefault, "editMessageText"); n < 1 {
		t.Errorf("no edits: the reply did not grow while written")
	}
	if first := srv.Sent(tokenDefault)[0].Text; first == full {
		t.Errorf("the first message already held the full reply; nothing was streamed")
	}
}
