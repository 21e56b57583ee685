package telegramtest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"switchboard/platforms/telegram/telegramtest"
)

// pushN queues n texts for token and returns their update ids.
func pushN(srv *telegramtest.Server, token string, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = srv.PushText(token, 7, 7, fmt.Sprint("m", i))
	}
	return out
}

func TestPushAssignsMonotonicIDs(t *testing.T) {
	srv := newServer(t)
	got := pushN(srv, tokenA, 3)
	if !slices.Equal(got, []int64{1000, 1001, 1002}) {
		t.Errorf("ids: got %v, want 1000..1002", got)
	}
	if id := srv.PushUpdate(tokenA, models.Update{ID: 5000}); id != 5000 {
		t.Errorf("explicit id: got %d, want 5000", id)
	}
	if id := srv.PushText(tokenA, 7, 7, "next"); id != 5001 {
		t.Errorf("after explicit id: got %d, want 5001", id)
	}
	if id := srv.PushText(tokenB, 7, 7, "other bot"); id != 1000 {
		t.Errorf("other bot: got %d, want its own sequence from 1000", id)
	}
}

func TestPushedMessagesAreFilledIn(t *testing.T) {
	srv := newServer(t)
	srv.PushText(tokenA, 7, 8, "hello")
	srv.PushGroupText(tokenA, -100123, 8, 3, "in topic")
	got := updates(t, srv, tokenA, nil)
	if len(got) != 2 {
		t.Fatalf("got %d updates, want 2", len(got))
	}
	m := got[0].Message
	if m.ID != 1 || m.Date == 0 || m.Text != "hello" || m.Chat.Type != models.ChatTypePrivate || m.Chat.ID != 7 ||
		m.From.ID != 8 || m.From.Username != "user8" {
		t.Errorf("private text: got %+v from %+v", m, m.From)
	}
	g := got[1].Message
	if g.Chat.Type != models.ChatTypeSupergroup || !g.Chat.IsForum || g.MessageThreadID != 3 || !g.IsTopicMessage {
		t.Errorf("group text: got %+v", g)
	}
}

func TestOffsetConfirmsUpdates(t *testing.T) {
	srv := newServer(t)
	id := pushN(srv, tokenA, 3)
	if got := ids(updates(t, srv, tokenA, nil)); !slices.Equal(got, id) {
		t.Errorf("no offset: got %v, want %v", got, id)
	}
	if srv.Pending(tokenA) != 3 {
		t.Errorf("Pending without offset: got %d, want 3", srv.Pending(tokenA))
	}
	got := ids(updates(t, srv, tokenA, url.Values{"offset": {strconv.FormatInt(id[1], 10)}}))
	if !slices.Equal(got, id[1:]) || srv.Pending(tokenA) != 2 {
		t.Errorf("offset %d: got %v pending %d, want %v pending 2", id[1], got, srv.Pending(tokenA), id[1:])
	}
	got = ids(updates(t, srv, tokenA, url.Values{"offset": {strconv.FormatInt(id[2]+1, 10)}}))
	if len(got) != 0 || srv.Pending(tokenA) != 0 {
		t.Errorf("offset past the last: got %v pending %d, want none", got, srv.Pending(tokenA))
	}
}

func TestNegativeOffsetKeepsTheLastN(t *testing.T) {
	srv := newServer(t)
	id := pushN(srv, tokenA, 5)
	if got := ids(updates(t, srv, tokenA, url.Values{"offset": {"-2"}})); !slices.Equal(got, id[3:]) {
		t.Errorf("offset -2: got %v, want %v", got, id[3:])
	}
	if srv.Pending(tokenA) != 2 {
		t.Errorf("Pending: got %d, want 2 (older ones forgotten)", srv.Pending(tokenA))
	}
}

func TestLimitIsClamped(t *testing.T) {
	srv := newServer(t)
	pushN(srv, tokenA, 150)
	for limit, want := range map[string]int{"": 100, "3": 3, "0": 1, "-5": 1, "500": 100, "x": 100} {
		if got := len(updates(t, srv, tokenA, url.Values{"limit": {limit}})); got != want {
			t.Errorf("limit %q: got %d updates, want %d", limit, got, want)
		}
	}
}

func TestLongPollWakesOnPush(t *testing.T) {
	srv := newServer(t)
	result := make(chan reply, 1)
	go func() {
		r, _ := post(context.Background(), methodURL(srv, tokenA, "getUpdates"),
			"application/x-www-form-urlencoded", "timeout=30")
		result <- r
	}()
	waitFor(t, "the poll to be held", inFlight(srv, "getupdates"))
	start := time.Now()
	srv.PushText(tokenA, 7, 7, "wake up")
	r := <-result
	if !r.OK || len(r.Result) < 10 {
		t.Fatalf("got %+v, want one update", r)
	}
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("answered %v after the push, want at once", waited)
	}
}

func TestLongPollTimesOutEmpty(t *testing.T) {
	srv := newServer(t)
	start := time.Now()
	r := call(t, srv, tokenA, "getUpdates", url.Values{"timeout": {"1"}})
	if !r.OK || string(r.Result) != "[]" {
		t.Errorf("got %+v, want ok []", r)
	}
	if held := time.Since(start); held < 900*time.Millisecond {
		t.Errorf("held %v, want about 1s", held)
	}
}

func TestLongPollEndsWhenClientGoes(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := post(ctx, methodURL(srv, tokenA, "getUpdates"), "application/x-www-form-urlencoded", "timeout=50")
		done <- err
	}()
	waitFor(t, "the poll to be held", inFlight(srv, "getupdates"))
	cancel()
	<-done
	waitFor(t, "the server to let go", func() bool { return !inFlight(srv, "getupdates")() })
	if c := srv.Calls()[0]; c.Status != 0 {
		t.Errorf("abandoned poll: recorded status %d, want 0 (no answer)", c.Status)
	}
}

func TestSecondPollTerminatesTheFirst(t *testing.T) {
	srv := newServer(t)
	first := make(chan reply, 1)
	go func() {
		r, _ := post(context.Background(), methodURL(srv, tokenA, "getUpdates"),
			"application/x-www-form-urlencoded", "timeout=30")
		first <- r
	}()
	waitFor(t, "the first poll to be held", inFlight(srv, "getupdates"))
	second := call(t, srv, tokenA, "getUpdates", url.Values{"timeout": {"0"}})
	r := <-first
	want := "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	if r.Status != http.StatusConflict || r.ErrorCode != 409 || r.Description != want {
		t.Errorf("first poll: got %d %d %q, want 409 %q", r.Status, r.ErrorCode, r.Description, want)
	}
	if !second.OK {
		t.Errorf("second poll: got %+v, want ok", second)
	}
	if got := srv.ConcurrentPolls(); got != 1 {
		t.Errorf("ConcurrentPolls: got %d, want 1", got)
	}
}

func TestPollsOfDifferentBotsDoNotConflict(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = post(ctx, methodURL(srv, tokenA, "getUpdates"), "application/x-www-form-urlencoded", "timeout=30")
	}()
	waitFor(t, "bot A's poll to be held", inFlight(srv, "getupdates"))
	updates(t, srv, tokenB, nil)
	cancel()
	<-done
	if got := srv.ConcurrentPolls(); got != 0 {
		t.Errorf("ConcurrentPolls: got %d, want 0", got)
	}
}

func TestAbandonedPollIsNotConcurrent(t *testing.T) {
	srv := newServer(t)
	for range 20 {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		_, err := post(ctx, methodURL(srv, tokenA, "getUpdates"), "application/x-www-form-urlencoded", "timeout=50")
		cancel()
		if err == nil {
			t.Fatal("poll answered, want it held until the client gave up")
		}
	}
	updates(t, srv, tokenA, nil)
	if got := srv.ConcurrentPolls(); got != 0 {
		t.Errorf("ConcurrentPolls: got %d, want 0 for a client that abandons and retries", got)
	}
}

func TestClientStartReceivesEveryUpdateInOrder(t *testing.T) {
	srv := newServer(t)
	const n = 300
	var mu sync.Mutex
	var got []int64
	handler := func(_ context.Context, _ *bot.Bot, u *models.Update) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, u.ID)
	}
	b := newClient(t, srv, tokenA, bot.WithDefaultHandler(handler), bot.WithNotAsyncHandlers())
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { defer close(stopped); b.Start(ctx) }()
	want := pushN(srv, tokenA, n)
	waitFor(t, "every update to be handled", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == n })
	waitFor(t, "every update to be confirmed", func() bool { return srv.Pending(tokenA) == 0 })
	cancel()
	<-stopped
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(got, want) {
		t.Errorf("handled %d updates out of order or duplicated", len(got))
	}
	if c := srv.ConcurrentPolls(); c != 0 {
		t.Errorf("ConcurrentPolls: got %d, want 0", c)
	}
}

func TestThousandsOfUpdatesFromManyPushers(t *testing.T) {
	srv := newServer(t)
	const pushers, each = 8, 1000
	var wg sync.WaitGroup
	for p := range pushers {
		wg.Go(func() {
			for i := range each {
				srv.PushText(tokenA, int64(p+1), int64(p+1), strconv.Itoa(i))
			}
		})
	}
	var seen []int64
	offset := int64(0)
	for len(seen) < pushers*each {
		batch := updates(t, srv, tokenA, url.Values{"offset": {strconv.FormatInt(offset, 10)}, "timeout": {"5"}})
		for _, u := range batch {
			seen = append(seen, u.ID)
			offset = u.ID + 1
		}
	}
	wg.Wait()
	for i := 1; i < len(seen); i++ {
		if seen[i] != seen[i-1]+1 {
			t.Fatalf("update %d has id %d after %d, want consecutive ids", i, seen[i], seen[i-1])
		}
	}
}
