package telegramtest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/go-telegram/bot"

	"switchboard/platforms/telegram/telegramtest"
)

func TestWebhookBlocksGetUpdatesUntilDeleted(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	ctx := context.Background()
	srv.PushText(tokenA, 1, 1, "queued")
	ok, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "https://example.com/hook", SecretToken: "s3cr3t",
		AllowedUpdates: []string{"message"}})
	if err != nil || !ok {
		t.Fatalf("SetWebhook: got %v %v", ok, err)
	}
	want := telegramtest.WebhookInfo{Set: true, URL: "https://example.com/hook", SecretToken: "s3cr3t"}
	if got := srv.Webhook(tokenA); got.Set != want.Set || got.URL != want.URL || got.SecretToken != want.SecretToken ||
		len(got.AllowedUpdates) != 1 {
		t.Errorf("Webhook: got %+v, want %+v", got, want)
	}
	info, err := b.GetWebhookInfo(ctx)
	if err != nil || info.URL != want.URL || info.PendingUpdateCount != 1 {
		t.Errorf("GetWebhookInfo: got %+v %v", info, err)
	}
	r := call(t, srv, tokenA, "getUpdates", nil)
	desc := "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
	if r.Status != http.StatusConflict || r.Description != desc {
		t.Errorf("getUpdates with webhook: got %d %q, want 409 %q", r.Status, r.Description, desc)
	}
	if ok, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{DropPendingUpdates: true}); err != nil || !ok {
		t.Fatalf("DeleteWebhook: got %v %v", ok, err)
	}
	if srv.Webhook(tokenA).Set || srv.Pending(tokenA) != 0 {
		t.Errorf("after delete: webhook %+v pending %d, want none", srv.Webhook(tokenA), srv.Pending(tokenA))
	}
	if got := updates(t, srv, tokenA, nil); len(got) != 0 {
		t.Errorf("getUpdates after delete: got %d updates, want 0", len(got))
	}
}

func TestDeleteWebhookKeepsQueueByDefault(t *testing.T) {
	srv := newServer(t)
	srv.PushText(tokenA, 1, 1, "queued")
	r := call(t, srv, tokenA, "deleteWebhook", nil)
	if !r.OK || r.Description != "Webhook is already deleted" || srv.Pending(tokenA) != 1 {
		t.Errorf("got %+v pending %d, want ok and the queue kept", r, srv.Pending(tokenA))
	}
}

func TestSetWebhookRules(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	for hook, wantErr := range map[string]bool{
		"https://example.com:8443/x": false,
		"http://example.com/x":       true,
		"https://example.com:9999/x": true,
		"not a url":                  true,
	} {
		_, err := b.SetWebhook(context.Background(), &bot.SetWebhookParams{URL: hook})
		if got := errors.Is(err, bot.ErrorBadRequest); got != wantErr {
			t.Errorf("%s: got %v, want error %v", hook, err, wantErr)
		}
	}
	r := call(t, srv, tokenA, "setWebhook", url.Values{"url": {""}})
	if !r.OK || srv.Webhook(tokenA).Set {
		t.Errorf("empty url: got %+v, want the webhook removed", r)
	}
}
