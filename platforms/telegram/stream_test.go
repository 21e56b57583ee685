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
		o.Partial, o.StreamID = true, "s1"
		return o
	}
	final := reply("10", "Hello world")
	final.StreamID = "s1"
	steps := []platforms.Outbound{part("Hello"), part("Hello wor"), part("Hello wor"), final}
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
	first.Partial, first.StreamID = true, "s1"
	if err := p.Send(ctx, first); err != nil {
		t.Fatal(err)
	}
	srv.Fail(testToken, "editMessageText", telegramtest.Fault{Code: 400,
		Description: "Bad Request: message is not modified: specified new message content is the same"})
	last := reply("10", long)
	last.StreamID = "s1"
	if err := p.Send(ctx, last); err != nil {
		t.Fatalf("final send: %v", err)
	}
	if n := srv.CallCount(testToken, "sendMessage"); n != 2 {
		t.Errorf("sendMessage calls = %d, want 2 (the reply continued in a new message)", n)
	}
}

// TestStreamsInOneChatKeepTheirOwnMessages interleaves two members' streamed
// replies and a command reply in one group: each stream edits only its own
// message, and the command reply is a message of its own.
func TestStreamsInOneChatKeepTheirOwnMessages(t *testing.T) {
	p, srv := newTestPoller(t, "")
	ctx := context.Background()
	out := func(stream, text string, partial bool) platforms.Outbound {
		o := reply("-100", text)
		o.Source.ChatType = platforms.ChatGroup
		o.StreamID, o.Partial = stream, partial
		return o
	}
	for _, o := range []platforms.Outbound{
		out("a", "alpha 1", true), out("b", "beta 1", true), out("", "Profile: default", false),
		out("a", "alpha 1 2", true), out("b", "beta 1 2", false), out("a", "alpha 1 2 3", false),
	} {
		if err := p.Send(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	sent := srv.Sent(testToken)
	if len(sent) != 3 {
		t.Fatalf("%d messages, want 3 (two streams and the command reply)", len(sent))
	}
	want := map[int]string{sent[0].MessageID: "alpha 1 2 3", sent[1].MessageID: "beta 1 2",
		sent[2].MessageID: "Profile: default"}
	for id, text := range want {
		if m, _ := srv.Message(testToken, -100, id); m.Text != text {
			t.Errorf("message %d reads %q, want %q", id, m.Text, text)
		}
	}
}
