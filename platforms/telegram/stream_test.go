package telegram

import (
	"context"
	"strings"
	"testing"

	"switchboard/platforms"
	"switchboard/platforms/telegram/telegramtest"
)

func TestStreamedReplyGrowsByEdits(t *testing.T) {
	p, srv := newTestPoller(t, "")
	ctx := context.Background()
	part := func(text string) platforms.Outbound {
		o := reply("10", text)
		o.Partial = true
		return o
	}
	steps := []platforms.Outbound{part("Hello"), part("Hello wor"), part("Hello wor"), reply("10", "Hello world")}
	for _, o := range steps {
		if err := p.Send(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.CallCount(testToken, "sendMessage"); n != 1 {
		t.Errorf("sendMessage calls = %d, want 1", n)
	}
	if n := srv.CallCount(testToken, "editMessageText"); n != 2 {
		t.Errorf("editMessageText calls = %d, want 2 (an unchanged text is not sent again)", n)
	}
	id := srv.Sent(testToken)[0].MessageID
	if m, ok := srv.Message(testToken, 10, id); !ok || m.Text != "Hello world" {
		t.Errorf("message now reads %q, want the final text", m.Text)
	}
	if err := p.Send(ctx, reply("10", "next reply")); err != nil {
		t.Fatal(err)
	}
	if n := srv.CallCount(testToken, "sendMessage"); n != 2 {
		t.Errorf("the reply after a finished stream was not a new message")
	}
}

func TestStreamContinuesPastTheLimitAndToleratesNotModified(t *testing.T) {
	p, srv := newTestPoller(t, "")
	ctx := context.Background()
	long := strings.Repeat("word ", 1000) // 5,000 units: two messages
	first := reply("10", long[:2000])
	first.Partial = true
	if err := p.Send(ctx, first); err != nil {
		t.Fatal(err)
	}
	srv.Fail(testToken, "editMessageText", telegramtest.Fault{Code: 400,
		Description: "Bad Request: message is not modified: specified new message content is the same"})
	if err := p.Send(ctx, reply("10", long)); err != nil {
		t.Fatalf("final send: %v", err)
	}
	if n := srv.CallCount(testToken, "sendMessage"); n != 2 {
		t.Errorf("sendMessage calls = %d, want 2 (the reply continued in a new message)", n)
	}
}
