package telegram

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"switchboard/platforms"
	"switchboard/platforms/telegram/telegramtest"
)

func reply(chat, text string) platforms.Outbound {
	return platforms.Outbound{Source: platforms.Source{Platform: Platform, ChatType: platforms.ChatDM, ChatID: chat}, Text: text}
}

func TestSendSplitsLongRepliesInOrder(t *testing.T) {
	p, srv := newTestPoller(t, "")
	text := strings.Repeat("word ", 3000) // 15,000 units
	if err := p.Send(context.Background(), reply("10", text)); err != nil {
		t.Fatal(err)
	}
	sent := srv.Sent(testToken)
	if len(sent) != 4 {
		t.Fatalf("sent %d messages, want 4", len(sent))
	}
	var joined []string
	for _, m := range sent {
		if UTF16Len(m.Text) > MaxMessageUnits {
			t.Errorf("a chunk of %d units exceeds the limit", UTF16Len(m.Text))
		}
		joined = append(joined, m.Text)
	}
	if got := strings.Join(joined, " "); got != strings.TrimSpace(text) {
		t.Errorf("chunks do not reassemble the reply in order")
	}
}

func TestSendEmptyReplySendsNothing(t *testing.T) {
	p, srv := newTestPoller(t, "")
	if err := p.Send(context.Background(), reply("10", "  \n")); err != nil {
		t.Fatal(err)
	}
	if n := srv.CallCount(testToken, "sendMessage"); n != 0 {
		t.Errorf("an empty reply made %d sendMessage calls", n)
	}
}

func TestSendFailurePaths(t *testing.T) {
	cases := []struct {
		name      string
		parseMode string
		fault     telegramtest.Fault
		wantErr   error
		wantChat  int64
		wantParse string
		wantCalls int
	}{
		{name: "markup Telegram cannot parse is resent as plain text", parseMode: "MarkdownV2",
			fault:    telegramtest.Fault{Code: 400, Description: "Bad Request: can't parse entities: unclosed tag"},
			wantChat: 10, wantParse: "", wantCalls: 2},
		{name: "blocked chat is unreachable", fault: telegramtest.Fault{Code: 403,
			Description: "Forbidden: bot was blocked by the user"}, wantErr: ErrUnreachable, wantCalls: 1},
		{name: "migrated group is followed", fault: telegramtest.Fault{MigrateToChatID: -100777},
			wantChat: -100777, wantCalls: 2},
		{name: "429 waits and sends once", fault: telegramtest.Fault{RetryAfter: 1}, wantChat: 10, wantCalls: 2},
		{name: "5xx is retried", fault: telegramtest.Fault{Code: 502, Raw: "<html>bad gateway</html>"},
			wantChat: 10, wantCalls: 2},
		{name: "reset is retried", fault: telegramtest.Fault{Reset: true}, wantChat: 10, wantCalls: 2},
		{name: "other 400 is an error", fault: telegramtest.Fault{Code: 400, Description: "Bad Request: chat not found"},
			wantErr: errAny, wantCalls: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, srv := newTestPoller(t, tc.parseMode)
			srv.Fail(testToken, "sendMessage", tc.fault)
			err := p.Send(context.Background(), reply("10", "hello *world"))
			switch {
			case tc.wantErr == errAny && err == nil, tc.wantErr != errAny && !errors.Is(err, tc.wantErr):
				t.Fatalf("Send error = %v, want %v", err, tc.wantErr)
			}
			if n := srv.CallCount(testToken, "sendMessage"); n != tc.wantCalls {
				t.Errorf("sendMessage calls = %d, want %d", n, tc.wantCalls)
			}
			if tc.wantErr != nil {
				return
			}
			sent := srv.Sent(testToken)
			if len(sent) != 1 || sent[0].ChatID != tc.wantChat || sent[0].ParseMode != tc.wantParse {
				t.Errorf("sent %+v, want one message to %d with parse mode %q", sent, tc.wantChat, tc.wantParse)
			}
		})
	}
}

// errAny stands for "some error" in the table above.
var errAny = errors.New("any error")

func TestUnreachableAndMigratedChatsAreRemembered(t *testing.T) {
	p, srv := newTestPoller(t, "")
	srv.Fail(testToken, "sendMessage", telegramtest.Fault{Code: 403, Description: "Forbidden: bot was kicked"})
	_ = p.Send(context.Background(), reply("10", "one"))
	if err := p.Send(context.Background(), reply("10", "two")); !errors.Is(err, ErrUnreachable) {
		t.Errorf("second send to a blocked chat: %v, want ErrUnreachable", err)
	}
	if n := srv.CallCount(testToken, "sendMessage"); n != 1 {
		t.Errorf("a blocked chat got %d sendMessage calls, want 1 (no retries)", n)
	}

	srv.Fail(testToken, "sendMessage", telegramtest.Fault{MigrateToChatID: -100555})
	_ = p.Send(context.Background(), reply("-20", "moved"))
	if err := p.Send(context.Background(), reply("-20", "again")); err != nil {
		t.Fatal(err)
	}
	for _, m := range srv.Sent(testToken) {
		if m.ChatID != -100555 {
			t.Errorf("message to %d, want every reply to the migrated group at -100555", m.ChatID)
		}
	}
}

// TestRateLimitDelaysOnlyThatChat holds one chat on a 429 and checks that
// another chat's reply goes out meanwhile, and the held one once.
func TestRateLimitDelaysOnlyThatChat(t *testing.T) {
	p, srv := newTestPoller(t, "")
	srv.Fail(testToken, "sendMessage", telegramtest.Fault{RetryAfter: 1})
	var wg sync.WaitGroup
	var limitedDone time.Time
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := p.Send(context.Background(), reply("1", "limited")); err != nil {
			t.Error(err)
		}
		limitedDone = time.Now()
	}()
	for srv.CallCount(testToken, "sendMessage") == 0 {
		time.Sleep(time.Millisecond)
	}
	if err := p.Send(context.Background(), reply("2", "free")); err != nil {
		t.Fatal(err)
	}
	freeDone := time.Now()
	wg.Wait()
	if !freeDone.Before(limitedDone) {
		t.Errorf("the other chat waited for the rate-limited one")
	}
	var limited int
	for _, m := range srv.Sent(testToken) {
		if m.ChatID == 1 {
			limited++
		}
	}
	if limited != 1 {
		t.Errorf("rate-limited reply sent %d times, want once", limited)
	}
}
