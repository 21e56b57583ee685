package telegram

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"switchboard/actors/store"
	"switchboard/actors/waitfor"
	"switchboard/platforms"
	"switchboard/platforms/telegram/telegramtest"
)

// recorder is an Intake that keeps what it is handed. panicOn makes
// Deliver panic for one text, standing in for a fault while handling.
type recorder struct {
	mu       sync.Mutex
	got      []platforms.Inbound
	progress int
	panicOn  string
}

func (r *recorder) Deliver(in platforms.Inbound) {
	if r.panicOn != "" && in.Text == r.panicOn {
		panic("handler exploded")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, in)
}

func (r *recorder) Progress() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.progress++
}

func (r *recorder) Cancel(platforms.Source, string) {}

func (r *recorder) Connected() {}

func (r *recorder) texts() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, in := range r.got {
		out = append(out, in.Text)
	}
	return out
}

// withInbox gives p an inbox in a fresh database.
func withInbox(t *testing.T, p *Poller) *store.SQLite {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "inbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p.inbox = db
	return db
}

// run starts p.Run and returns a function that stops it and waits.
func run(t *testing.T, p *Poller, in platforms.Intake) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, in) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run after cancel: %v", err)
		}
	}
}

func counts(t *testing.T, db *store.SQLite) store.Counts {
	t.Helper()
	c, err := db.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c[BotID(testToken)]
}

// TestEveryUpdateKindIsHandledOrIgnored feeds one update of each kind and
// checks that only the text message reaches the profile, the callback
// query is answered, nothing is left pending and the offset moved past all.
func TestEveryUpdateKindIsHandledOrIgnored(t *testing.T) {
	p, srv := newTestPoller(t, "")
	db := withInbox(t, p)
	from := &models.User{ID: 5, FirstName: "U"}
	chat := models.Chat{ID: 5, Type: models.ChatTypePrivate}
	srv.PushUpdate(testToken, models.Update{EditedMessage: &models.Message{ID: 1, From: from, Chat: chat, Text: "edited"}})
	srv.PushUpdate(testToken, models.Update{ChannelPost: &models.Message{Chat: models.Chat{ID: -1001, Type: "channel"}, Text: "post"}})
	srv.PushUpdate(testToken, models.Update{CallbackQuery: &models.CallbackQuery{ID: "cb1", From: *from, Data: "x"}})
	left := models.ChatMember{Type: models.ChatMemberTypeLeft,
		Left: &models.ChatMemberLeft{Status: models.ChatMemberTypeLeft, User: from}}
	srv.PushUpdate(testToken, models.Update{MyChatMember: &models.ChatMemberUpdated{Chat: chat, From: *from,
		OldChatMember: left, NewChatMember: left}})
	srv.PushUpdate(testToken, models.Update{Message: &models.Message{From: from, Chat: chat,
		Sticker: &models.Sticker{FileID: "s", Type: "regular"}}})
	srv.PushText(testToken, 5, 5, "the only text")
	rec := &recorder{}
	stop := run(t, p, rec)
	waitfor.True(t, 5*time.Second, func() bool { return srv.Pending(testToken) == 0 }, "updates not confirmed")
	waitfor.True(t, 5*time.Second, func() bool { return srv.CallCount(testToken, "answerCallbackQuery") == 1 },
		"callback query not answered")
	stop()
	if got := rec.texts(); len(got) != 1 || got[0] != "the only text" {
		t.Errorf("delivered %q, want only the text message", got)
	}
	c := counts(t, db)
	if c.Pending != 1 || c.Done != 5 {
		t.Errorf("inbox counts %+v, want 5 done and 1 pending (the text awaiting its reply)", c)
	}
}

// TestUnknownUpdateKindIsSkipped answers a poll with an update of a kind
// this version has never heard of.
func TestUnknownUpdateKindIsSkipped(t *testing.T) {
	p, srv := newTestPoller(t, "")
	db := withInbox(t, p)
	srv.Fail(testToken, "getUpdates", telegramtest.Fault{
		Raw: `{"ok":true,"result":[{"update_id":900,"brand_new_kind":{"x":1}},{"no_id":true}]}`})
	rec := &recorder{}
	stop := run(t, p, rec)
	waitfor.True(t, 5*time.Second, func() bool { return counts(t, db).Done == 1 }, "unknown kind not done")
	waitfor.True(t, 5*time.Second, func() bool {
		for _, c := range srv.Calls() {
			if c.Method == "getupdates" && c.Params["offset"] == "901" {
				return true
			}
		}
		return false
	}, "offset did not move past the unknown update")
	stop()
	if len(rec.texts()) != 0 {
		t.Errorf("an unknown kind was delivered")
	}
}

// TestPanicWhileHandlingSetsUpdateAside makes handling one update panic and
// checks it is set aside while the next update is still handled.
func TestPanicWhileHandlingSetsUpdateAside(t *testing.T) {
	p, srv := newTestPoller(t, "")
	db := withInbox(t, p)
	srv.PushText(testToken, 1, 1, "boom")
	srv.PushText(testToken, 2, 2, "fine")
	rec := &recorder{panicOn: "boom"}
	stop := run(t, p, rec)
	waitfor.True(t, 5*time.Second, func() bool { return len(rec.texts()) == 1 }, "update after the panic not handled")
	stop()
	if c := counts(t, db); c.SetAside != 1 {
		t.Errorf("inbox counts %+v, want the panicking update set aside", c)
	}
	unfinished, err := db.Unfinished(context.Background(), BotID(testToken))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range unfinished {
		if strings.Contains(string(it.Payload), "boom") {
			t.Errorf("the panicking update would be retried at the next start")
		}
	}
}

// TestUnfinishedUpdatesAreReplayed records an update, never finishes it,
// and checks a new poller hands it over before polling, once.
func TestUnfinishedUpdatesAreReplayed(t *testing.T) {
	p, srv := newTestPoller(t, "")
	withInbox(t, p)
	srv.PushText(testToken, 1, 1, "left over")
	first := &recorder{}
	stop := run(t, p, first)
	waitfor.True(t, 5*time.Second, func() bool { return len(first.texts()) == 1 }, "not delivered")
	stop() // the gateway "crashed": the reply was never sent, so no Ack

	second := &recorder{}
	stop = run(t, p, second)
	waitfor.True(t, 5*time.Second, func() bool { return len(second.texts()) == 1 }, "not replayed")
	p.Ack(second.got[0].Receipt)
	stop()
	third := &recorder{}
	stop = run(t, p, third)
	waitfor.True(t, 5*time.Second, func() bool { return srv.CallCount(testToken, "getUpdates") >= 4 }, "no poll")
	stop()
	if len(third.texts()) != 0 {
		t.Errorf("an acknowledged update was handed over again: %q", third.texts())
	}
}

// Test401ParksWithNoFurtherCalls checks that a rejected token is a
// permanent failure after one call.
func Test401ParksWithNoFurtherCalls(t *testing.T) {
	p, srv := newTestPoller(t, "")
	srv.Fail(testToken, "getMe", telegramtest.Fault{Code: 401, Description: "Unauthorized"})
	err := p.Run(context.Background(), &recorder{})
	if !errorsIsPermanent(err) || platforms.FailureCode(err) != "unauthorized" {
		t.Fatalf("Run = %v, want a permanent unauthorized failure", err)
	}
	if strings.Contains(err.Error(), "secret-part") {
		t.Errorf("error shows the token: %v", err)
	}
}

// TestPersistentConflictIsNamed fails getUpdates with 409 over several
// runs and checks the failure turns from a plain conflict into one that
// says another process polls the token.
func TestPersistentConflictIsNamed(t *testing.T) {
	p, srv := newTestPoller(t, "")
	conflict := telegramtest.Fault{Code: 409, Description: "Conflict: terminated by other getUpdates request"}
	var codes []string
	for range conflictsBeforeWarning {
		srv.Fail(testToken, "getUpdates", conflict)
		err := p.Run(context.Background(), &recorder{})
		codes = append(codes, platforms.FailureCode(err))
		if errorsIsPermanent(err) {
			t.Fatalf("a 409 parked the bot: %v", err)
		}
	}
	if codes[0] != "conflict" || codes[len(codes)-1] != "polling_conflict" {
		t.Errorf("codes %v, want conflict first and polling_conflict once it persists", codes)
	}
}

// TestLeftoverWebhookIsRemovedKeepingUpdates sets a webhook before polling
// starts; the poller must delete it without dropping what Telegram holds.
func TestLeftoverWebhookIsRemovedKeepingUpdates(t *testing.T) {
	p, srv := newTestPoller(t, "")
	if err := p.call(context.Background(), "setWebhook", map[string]string{"url": "https://old.example.test/hook"}, nil); err != nil {
		t.Fatal(err)
	}
	srv.PushText(testToken, 3, 3, "kept")
	rec := &recorder{}
	stop := run(t, p, rec)
	waitfor.True(t, 5*time.Second, func() bool { return len(rec.texts()) == 1 }, "pending update lost")
	stop()
	if srv.Webhook(testToken).Set {
		t.Errorf("webhook still set")
	}
}
