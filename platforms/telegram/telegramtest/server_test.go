package telegramtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-telegram/bot"

	"switchboard/platforms/telegram/telegramtest"
)

func TestGetMeAnswersTheBot(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	me, err := b.GetMe(context.Background())
	if err != nil {
		t.Fatalf("GetMe: %v", err)
	}
	if me.ID != 111111 || !me.IsBot || me.Username != "alpha_bot" || me.FirstName != "alpha_bot" {
		t.Errorf("got %+v, want bot 111111 alpha_bot", me)
	}
	if got := srv.CallCount(tokenA, "getMe"); got != 2 {
		t.Errorf("getMe calls: got %d, want 2 (bot.New and GetMe)", got)
	}
}

func TestServesManyTokens(t *testing.T) {
	srv := newServer(t)
	for token, want := range map[string]string{tokenA: "alpha_bot", tokenB: "beta_bot"} {
		me, err := newClient(t, srv, token).GetMe(context.Background())
		if err != nil || me.Username != want {
			t.Errorf("GetMe: got %v %v, want %s", me, err, want)
		}
	}
}

func TestUnknownTokenIsUnauthorized(t *testing.T) {
	srv := newServer(t)
	_, err := bot.New("999:unknown", bot.WithServerURL(srv.URL()))
	if !errors.Is(err, bot.ErrorUnauthorized) {
		t.Errorf("bot.New: got %v, want ErrorUnauthorized", err)
	}
	r := call(t, srv, "999:unknown", "sendMessage", url.Values{"chat_id": {"1"}, "text": {"x"}})
	if r.Status != http.StatusUnauthorized || r.ErrorCode != 401 || r.Description != "Unauthorized" {
		t.Errorf("got %d %d %q, want 401 Unauthorized", r.Status, r.ErrorCode, r.Description)
	}
}

func TestUnknownMethodOrPathIsNotFound(t *testing.T) {
	srv := newServer(t)
	for _, target := range []string{methodURL(srv, tokenA, "sendTelepathy"), srv.URL() + "/", srv.URL() + "/bot"} {
		r, err := post(context.Background(), target, "", "")
		if err != nil {
			t.Fatalf("post %s: %v", target, err)
		}
		if r.Status != http.StatusNotFound || r.ErrorCode != 404 || r.Description != "Not Found" {
			t.Errorf("%s: got %d %d %q, want 404 Not Found", target, r.Status, r.ErrorCode, r.Description)
		}
	}
}

func TestMethodNamesAreCaseInsensitive(t *testing.T) {
	srv := newServer(t)
	for _, method := range []string{"getMe", "GETME", "getme"} {
		if r := call(t, srv, tokenA, method, nil); !r.OK {
			t.Errorf("%s: got %d %q, want ok", method, r.ErrorCode, r.Description)
		}
	}
	if got := srv.CallCount(tokenA, "GetMe"); got != 3 {
		t.Errorf("CallCount: got %d, want 3", got)
	}
	for _, c := range srv.Calls() {
		if c.Method != "getme" {
			t.Errorf("recorded method %q, want getme", c.Method)
		}
	}
}

func TestRemoveBotRevokesTheToken(t *testing.T) {
	srv := newServer(t)
	srv.PushText(tokenA, 1, 1, "kept")
	srv.RemoveBot(tokenA)
	if r := call(t, srv, tokenA, "getMe", nil); r.Status != http.StatusUnauthorized {
		t.Errorf("after RemoveBot: got %d, want 401", r.Status)
	}
	srv.AddBot(tokenA, "alpha_bot")
	if got := updates(t, srv, tokenA, nil); len(got) != 1 {
		t.Errorf("after AddBot: got %d updates, want the 1 kept", len(got))
	}
}

func TestCloseEndsLongPollAndKeepsState(t *testing.T) {
	srv := telegramtest.New()
	srv.AddBot(tokenA, "alpha_bot")
	done := make(chan error, 1)
	go func() {
		_, err := post(context.Background(), methodURL(srv, tokenA, "getUpdates"),
			"application/x-www-form-urlencoded", "timeout=50")
		done <- err
	}()
	waitFor(t, "the poll to be held", inFlight(srv, "getupdates"))
	srv.Close()
	if err := <-done; err == nil {
		t.Error("held poll: got an answer, want the connection dropped")
	}
	srv.Close() // a second Close is harmless
	if got := srv.CallCount(tokenA, "getUpdates"); got != 1 {
		t.Errorf("CallCount after Close: got %d, want 1", got)
	}
}

func TestMisuseNeverShowsTheSecret(t *testing.T) {
	srv := newServer(t)
	cases := map[string]func(){
		"AddBot without colon":  func() { srv.AddBot("12345supersecret", "x") },
		"AddBot without secret": func() { srv.AddBot("12345:", "x") },
		"AddBot letters":        func() { srv.AddBot("abc:supersecret", "x") },
		"PushText unknown":      func() { srv.PushText("777:supersecret", 1, 1, "x") },
		"Fail unknown":          func() { srv.Fail("777:supersecret", "getMe", telegramtest.Fault{Code: 500}) },
	}
	for name, f := range cases {
		msg := panicMessage(f)
		if msg == "" || strings.Contains(msg, "supersecret") {
			t.Errorf("%s: got panic %q, want one without the secret", name, msg)
		}
	}
}

// panicMessage runs f and returns what it panicked with, or "".
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}
