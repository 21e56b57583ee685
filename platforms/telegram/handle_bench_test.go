package telegram

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/rs/zerolog"

	"switchboard/actors/store"
	"switchboard/config"
	"switchboard/platforms"
)

// countingIntake counts what a poller hands over.
type countingIntake struct{ delivered int }

func (c *countingIntake) Deliver(platforms.Inbound)       { c.delivered++ }
func (c *countingIntake) Progress()                       {}
func (c *countingIntake) Connected()                      {}
func (c *countingIntake) Cancel(platforms.Source, string) {}

// BenchmarkHandleUpdate is the poller's per-update work once a getUpdates
// answer is in hand and recorded: decode the update, turn it into an
// Inbound and hand it to the profile. (Recording is measured in
// actors/store; splitting a reply in BenchmarkSplit.)
func BenchmarkHandleUpdate(b *testing.B) {
	p, err := New("default", config.Telegram{Enabled: true, Token: testToken, APIURL: "http://127.0.0.1:1",
		PollTimeout: time.Second}, nil, zerolog.Nop())
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	from := models.User{ID: 123456789, FirstName: "Alice", Username: "alice", LanguageCode: "en"}
	payload, err := json.Marshal(models.Update{ID: 900000001, Message: &models.Message{ID: 42, From: &from,
		Date: 1_750_000_000, Chat: models.Chat{ID: 123456789, Type: models.ChatTypePrivate, FirstName: "Alice",
			Username: "alice"}, Text: "Hello there, what is the weather like today?"}})
	if err != nil {
		b.Fatal(err)
	}
	item := store.Item{UpdateID: 900000001, Payload: payload}
	in := &countingIntake{}
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		p.handle(context.Background(), in, item)
	}
	if in.delivered == 0 {
		b.Fatal("nothing delivered")
	}
}
