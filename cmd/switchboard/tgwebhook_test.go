package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"switchboard/actors/waitfor"
)

// TestTelegramWebhookMode runs alpha's bot in webhook mode on the shared
// listener: setWebhook is called with a secret, a wrong secret gets 401,
// a body that is not an update 400, an update is answered through alpha's
// bot, and a repeated delivery is not answered twice.
func TestTelegramWebhookMode(t *testing.T) {
	srv := newFakeAPI(t)
	mode := "    mode: webhook\n    webhook_url: https://bots.example.test\n"
	dir := threeBotHome(t, srv.URL())
	writeFile(t, dir, "config.yaml", "gateway:\n  multiplex_profiles: true\n  listen: 127.0.0.1:0\n"+
		botConfig(srv.URL(), ""))
	writeFile(t, dir, "profiles/alpha/config.yaml", botConfig(srv.URL(), mode))
	base := startAPI(t, dir)
	waitfor.True(t, 10*time.Second, func() bool { return srv.Webhook(tokenAlpha).Set }, "setWebhook never called")
	hook := srv.Webhook(tokenAlpha)
	if hook.URL != "https://bots.example.test/p/alpha/telegram" || len(hook.SecretToken) < 32 {
		t.Fatalf("webhook %+v, want alpha's URL and a long secret", hook)
	}
	update := `{"update_id":5001,"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},` +
		`"from":{"id":42,"is_bot":false,"first_name":"U"},"text":"via webhook"}}`
	post := func(secret, body string) int {
		req, err := http.NewRequest(http.MethodPost, base+"/p/alpha/telegram", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post("wrong", update); got != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d, want 401", got)
	}
	if got := post("", update); got != http.StatusUnauthorized {
		t.Errorf("no secret: %d, want 401", got)
	}
	if got := post(hook.SecretToken, "{not json"); got != http.StatusBadRequest {
		t.Errorf("bad JSON: %d, want 400", got)
	}
	for range 2 {
		if got := post(hook.SecretToken, update); got != http.StatusOK {
			t.Fatalf("update: %d, want 200", got)
		}
	}
	waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tokenAlpha)) == 1 }, "update not answered")
	if srv.CallCount(tokenAlpha, "getUpdates") != 0 {
		t.Errorf("a bot in webhook mode polled")
	}
	time.Sleep(200 * time.Millisecond) // room for a wrong second answer to show
	if n := len(srv.Sent(tokenAlpha)); n != 1 || srv.Sent(tokenAlpha)[0].Text != "via webhook" {
		t.Errorf("alpha sent %+v, want one echo", srv.Sent(tokenAlpha))
	}
}
