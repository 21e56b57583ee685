package telegramtest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"switchboard/platforms/telegram/telegramtest"
)

// sendForm is a valid sendMessage request.
var sendForm = url.Values{"chat_id": {"1"}, "text": {"x"}}

func TestFaultEnvelopes(t *testing.T) {
	cases := []struct {
		name       string
		fault      telegramtest.Fault
		status     int
		desc       string
		retry      int
		migrate    int64
		wantParams bool
	}{
		{"code", telegramtest.Fault{Code: 500}, 500, "Internal Server Error", 0, 0, false},
		{"description", telegramtest.Fault{Code: 403, Description: "Forbidden: user is deactivated"},
			403, "Forbidden: user is deactivated", 0, 0, false},
		{"retry after", telegramtest.Fault{RetryAfter: 3}, 429, "Too Many Requests: retry after 3", 3, 0, true},
		{"migrate", telegramtest.Fault{MigrateToChatID: -1001234}, 400,
			"Bad Request: group chat was upgraded to a supergroup chat", 0, -1001234, true},
		{"status override", telegramtest.Fault{Code: 429, RetryAfter: 1, Status: 200}, 200,
			"Too Many Requests: retry after 1", 1, 0, true},
		{"status only", telegramtest.Fault{Status: 502}, 502, "Bad Gateway", 0, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			srv.Fail(tokenA, "sendMessage", tc.fault)
			r := call(t, srv, tokenA, "sendMessage", sendForm)
			if r.OK || r.Status != tc.status || r.Description != tc.desc || (r.Parameters != nil) != tc.wantParams {
				t.Fatalf("got %d %q params %v, want %d %q", r.Status, r.Description, r.Parameters, tc.status, tc.desc)
			}
			if r.Parameters != nil && (r.Parameters.RetryAfter != tc.retry || r.Parameters.MigrateToChatID != tc.migrate) {
				t.Errorf("parameters: got %+v, want retry %d migrate %d", *r.Parameters, tc.retry, tc.migrate)
			}
			if len(srv.Sent(tokenA)) != 0 {
				t.Error("a faulted sendMessage was delivered")
			}
		})
	}
}

func TestRawFaultBody(t *testing.T) {
	srv := newServer(t)
	page := "<html><body>502 Bad Gateway</body></html>"
	srv.Fail(tokenA, "getMe", telegramtest.Fault{Status: 502, Raw: page})
	r, err := post(context.Background(), methodURL(srv, tokenA, "getMe"), "", "")
	if err == nil || r.Status != http.StatusBadGateway || r.Raw != page {
		t.Errorf("got %d %q %v, want 502 with the HTML page", r.Status, r.Raw, err)
	}
}

func TestFaultsReachTheClientAsTypedErrors(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	srv.Fail(tokenA, "sendmessage", telegramtest.Fault{RetryAfter: 7}, telegramtest.Fault{MigrateToChatID: -100999},
		telegramtest.Fault{Code: 403})
	send := func() error {
		_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 1, Text: "x"})
		return err
	}
	var tooMany *bot.TooManyRequestsError
	if err := send(); !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
		t.Errorf("first: got %v, want TooManyRequestsError retry 7", err)
	}
	var migrate *bot.MigrateError
	if err := send(); !errors.As(err, &migrate) || migrate.MigrateToChatID != -100999 {
		t.Errorf("second: got %v, want MigrateError to -100999", err)
	}
	if err := send(); !errors.Is(err, bot.ErrorForbidden) {
		t.Errorf("third: got %v, want ErrorForbidden", err)
	}
	if err := send(); err != nil {
		t.Errorf("fourth: got %v, want the faults used up", err)
	}
	var faulted []bool
	for _, c := range srv.Calls() {
		if c.Method == "sendmessage" {
			faulted = append(faulted, c.Faulted)
		}
	}
	if len(faulted) != 4 || !faulted[0] || !faulted[2] || faulted[3] {
		t.Errorf("Faulted flags: got %v, want [true true true false]", faulted)
	}
}

func TestDelayThenAnswerNormally(t *testing.T) {
	srv := newServer(t)
	srv.Fail(tokenA, "sendMessage", telegramtest.Fault{Delay: 150 * time.Millisecond})
	start := time.Now()
	r := call(t, srv, tokenA, "sendMessage", sendForm)
	if !r.OK || time.Since(start) < 150*time.Millisecond {
		t.Errorf("got %+v after %v, want ok after the delay", r, time.Since(start))
	}
	if len(srv.Sent(tokenA)) != 1 {
		t.Error("a delayed sendMessage was not delivered")
	}
}

func TestDelayThenError(t *testing.T) {
	srv := newServer(t)
	srv.Fail(tokenA, "sendMessage", telegramtest.Fault{Delay: 50 * time.Millisecond, Code: 500})
	if r := call(t, srv, tokenA, "sendMessage", sendForm); r.Status != 500 {
		t.Errorf("got %d, want 500 after the delay", r.Status)
	}
}

func TestHangUntilClientGivesUp(t *testing.T) {
	srv := newServer(t)
	srv.Fail(tokenA, "sendMessage", telegramtest.Fault{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := newClient(t, srv, tokenA).SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "x"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the client's deadline", err)
	}
	waitFor(t, "the hung call to end", func() bool { return !inFlight(srv, "sendmessage")() })
	if len(srv.Sent(tokenA)) != 0 {
		t.Error("a hung sendMessage was delivered")
	}
}

func TestHangEndsOnClose(t *testing.T) {
	srv := telegramtest.New()
	srv.AddBot(tokenA, "alpha_bot")
	srv.Fail(tokenA, "getMe", telegramtest.Fault{Hang: true})
	done := make(chan error, 1)
	go func() {
		_, err := post(context.Background(), methodURL(srv, tokenA, "getMe"), "", "")
		done <- err
	}()
	waitFor(t, "the call to hang", inFlight(srv, "getme"))
	start := time.Now()
	srv.Close()
	if err := <-done; err == nil {
		t.Error("hung call: got an answer, want the connection dropped")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Close took %v, want it to end the hung call at once", took)
	}
}

func TestResetDropsTheConnection(t *testing.T) {
	srv := newServer(t)
	srv.Fail(tokenA, "getMe", telegramtest.Fault{Reset: true})
	_, err := newClient(t, srv, tokenA, bot.WithSkipGetMe()).GetMe(context.Background())
	if err == nil || strings.Contains(err.Error(), "decode") {
		t.Errorf("got %v, want a transport error", err)
	}
	waitFor(t, "the reset call to end", func() bool { return !inFlight(srv, "getme")() })
	if c := srv.Calls()[0]; c.Status != 0 || !c.Faulted {
		t.Errorf("recorded %+v, want status 0 and faulted", c)
	}
}

func TestFaultOnGetUpdatesStillCountsThePoll(t *testing.T) {
	srv := newServer(t)
	srv.Fail(tokenA, "getUpdates", telegramtest.Fault{Hang: true})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = post(ctx, methodURL(srv, tokenA, "getUpdates"), "", "")
	}()
	waitFor(t, "the poll to hang", inFlight(srv, "getupdates"))
	updates(t, srv, tokenA, nil)
	cancel()
	<-done
	if got := srv.ConcurrentPolls(); got != 1 {
		t.Errorf("ConcurrentPolls: got %d, want 1", got)
	}
}
