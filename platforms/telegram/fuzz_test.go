package telegram

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"switchboard/actors/store"
)

// asideLog is an in-memory inbox that keeps why updates were set aside.
type asideLog struct {
	mu      sync.Mutex
	reasons []string
}

func (a *asideLog) Record(_ context.Context, _ string, items []store.Item) ([]store.Item, error) {
	return items, nil
}
func (a *asideLog) Done(context.Context, string, int64) error { return nil }
func (a *asideLog) SetAside(_ context.Context, _ string, _ int64, reason string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.reasons = append(a.reasons, reason)
	return nil
}
func (a *asideLog) Unfinished(context.Context, string) ([]store.Item, error) { return nil, nil }
func (a *asideLog) Prune(context.Context, time.Time) (int, error)            { return 0, nil }
func (a *asideLog) Count(context.Context) (map[string]store.Counts, error)   { return nil, nil }

// FuzzHandleUpdate feeds arbitrary JSON as an update. Reading it may set it
// aside as malformed, but must never panic: a panic is recovered in
// production, so the test fails on any panic the recovery had to catch.
func FuzzHandleUpdate(f *testing.F) {
	for _, seed := range []string{
		`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"a"},"text":"/new@test_bot hi","entities":[{"type":"bot_command","offset":0,"length":13}]}}`,
		`{"update_id":2,"message":{"message_id":2,"date":1,"chat":{"id":-1,"type":"supergroup"},"from":{"id":5,"first_name":"a"},"text":"😀/new","entities":[{"type":"bot_command","offset":2,"length":4}],"is_topic_message":true,"message_thread_id":7}}`,
		`{"update_id":3,"message":{"message_id":3,"chat":{"id":5,"type":"private"},"text":"no sender"}}`,
		`{"update_id":4,"edited_message":{"message_id":1,"chat":{"id":5,"type":"private"},"text":"x"}}`,
		`{"update_id":5,"callback_query":{"id":"q","from":{"id":1,"first_name":"a"},"data":"d"}}`,
		`{"update_id":6,"message":{"message_id":1,"chat":{"id":5,"type":"private"},"from":{"id":5},"text":"x","entities":[{"type":"bot_command","offset":-4,"length":99}]}}`,
		`{"update_id":7,"future_kind":{}}`,
		`[]`, `null`, `{"update_id":"eight"}`,
	} {
		f.Add([]byte(seed))
	}
	p, _ := newTestPoller(f, "")
	p.username = "test_bot"
	f.Fuzz(func(t *testing.T, payload []byte) {
		aside := &asideLog{}
		p.inbox = aside
		p.handle(context.Background(), &recorder{}, store.Item{UpdateID: 1, Payload: payload})
		for _, r := range aside.reasons {
			if strings.HasPrefix(r, "panic") {
				t.Fatalf("reading the update panicked: %s", r)
			}
		}
	})
}
