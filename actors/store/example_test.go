package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"switchboard/actors/store"
)

// The life of a getUpdates batch: record it before confirming it to
// Telegram, handle only what is fresh, mark each update done, and prune
// finished rows now and then.
func Example() {
	dir, err := os.MkdirTemp("", "inbox-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	inbox, err := store.Open(filepath.Join(dir, "switchboard.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer inbox.Close()
	ctx := context.Background()
	const bot = "123456789" // the bot id, never the token

	batch := []store.Item{
		{UpdateID: 500, Payload: []byte(`{"update_id":500}`)},
		{UpdateID: 501, Payload: []byte(`{"update_id":501}`)},
	}
	fresh, err := inbox.Record(ctx, bot, batch)
	if err != nil {
		log.Fatal(err) // do not confirm the batch: Telegram will send it again
	}
	// Only now may the next getUpdates carry offset 502.
	for _, it := range fresh {
		fmt.Println("handle", it.UpdateID)
		if err := inbox.Done(ctx, bot, it.UpdateID); err != nil {
			log.Fatal(err)
		}
	}

	// The same batch again (say the confirmation was lost) is not fresh.
	fresh, err = inbox.Record(ctx, bot, batch)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("fresh on redelivery:", len(fresh))

	counts, err := inbox.Count(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", counts[bot])

	if _, err := inbox.Prune(ctx, time.Now().Add(-store.DefaultRetention)); err != nil {
		log.Fatal(err)
	}
	// Output:
	// handle 500
	// handle 501
	// fresh on redelivery: 0
	// {Pending:0 Done:2 SetAside:0}
}
