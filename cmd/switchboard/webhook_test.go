package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"switchboard/actors/waitfor"
)

// sign returns the X-Hub-Signature-256 value of body under secret.
func sign(secret, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// TestWebhookRoutes exercises signed deliveries: answered in the response,
// rejected when unsigned or badly signed, deduplicated on redelivery, and
// delivered to a Telegram chat through the routed profile's own bot.
func TestWebhookRoutes(t *testing.T) {
	srv := newFakeAPI(t)
	dir := threeBotHome(t, srv.URL())
	writeFile(t, dir, "config.yaml", "gateway:\n  multiplex_profiles: true\n  listen: 127.0.0.1:0\n"+
		botConfig(srv.URL(), `  webhook:
    enabled: true
    routes:
      gh:
        secret: ${GH_SECRET}
        prompt: "{{.action}} on {{.repository.name}}"
      alert:
        secret: ${ALERT_SECRET}
        profile: alpha
        deliver: telegram:4242
`))
	writeFile(t, dir, ".env", "TELEGRAM_BOT_TOKEN="+tokenDefault+"\nGH_SECRET=gh-secret-value\nALERT_SECRET=alert-secret\n")
	base := startAPI(t, dir)
	waitfor.True(t, 10*time.Second, func() bool {
		return post(t, base+"/webhooks/gh", "", "", "{}") != http.StatusNotFound
	}, "webhook routes never mounted")

	body := `{"action":"opened","repository":{"name":"switchboard"}}`
	cases := []struct {
		name, path, sig, delivery string
		want                      int
		wantBody                  string
	}{
		{"signed", "/webhooks/gh", sign("gh-secret-value", body), "d1", 200, `"reply":"opened on switchboard"`},
		{"redelivered", "/webhooks/gh", sign("gh-secret-value", body), "d1", 200, "duplicate"},
		{"wrong secret", "/webhooks/gh", sign("other", body), "d2", 401, ""},
		{"unsigned", "/webhooks/gh", "", "d3", 401, ""},
		{"bound to another profile", "/webhooks/alert", sign("alert-secret", body), "d4", 404, ""},
		{"unknown route", "/webhooks/nope", sign("gh-secret-value", body), "d5", 404, ""},
		{"to telegram", "/p/alpha/webhooks/alert", sign("alert-secret", body), "d6", 202, "accepted"},
	}
	for _, tc := range cases {
		status, got := postBody(t, base+tc.path, tc.sig, tc.delivery, body)
		if status != tc.want || !strings.Contains(got, tc.wantBody) {
			t.Errorf("%s: %d %s, want %d with %q", tc.name, status, got, tc.want, tc.wantBody)
		}
	}
	waitfor.True(t, 10*time.Second, func() bool { return len(srv.Sent(tokenAlpha)) == 1 },
		"the alert never reached alpha's bot")
	if m := srv.Sent(tokenAlpha)[0]; m.ChatID != 4242 || m.Text != body {
		t.Errorf("alpha's bot sent %+v, want the payload to chat 4242", m)
	}
	if n := len(srv.Sent(tokenDefault)); n != 0 {
		t.Errorf("the default profile's bot sent %d messages for alpha's route", n)
	}
}

func post(t *testing.T, url, sig, delivery, body string) int {
	status, _ := postBody(t, url, sig, delivery, body)
	return status
}

func postBody(t *testing.T, url, sig, delivery, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if sig != "" {
		req.Header.Set("X-Hub-Signature-256", sig)
	}
	req.Header.Set("X-GitHub-Delivery", delivery)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b.String()
}
