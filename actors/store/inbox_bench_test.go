package store

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkRecordAndDone is one update's whole life in the inbox as the
// Telegram poller drives it: recorded in a getUpdates batch of n, then
// marked done once its reply is sent. ns/op is per update, so the figure
// is the inbox's cost per message at each batch size (under load a poll
// returns up to 100 updates; at a trickle, one).
func BenchmarkRecordAndDone(b *testing.B) {
	for _, n := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("batch=%d", n), func(b *testing.B) {
			s, _ := openTest(b, Options{})
			ctx := context.Background()
			var id int64
			b.ReportAllocs()
			for i := 0; i < b.N; i += n {
				batch := newBatch(id, min(n, b.N-i))
				mustRecord(b, s, "1", batch)
				for _, it := range batch {
					if err := s.Done(ctx, "1", it.UpdateID); err != nil {
						b.Fatal(err)
					}
				}
				id += int64(len(batch))
			}
		})
	}
}

// BenchmarkUnfinishedNothingPending is the replay query every Telegram
// adapter runs as it connects, here with nothing left to replay and
// 100,000 finished rows of 1,000 bots in the table: a gateway with 1,000
// profiles runs it 1,000 times on its way to running.
func BenchmarkUnfinishedNothingPending(b *testing.B) {
	s, _ := openTest(b, Options{})
	ctx := context.Background()
	for i := int64(0); i < 100_000; i += 100 {
		bot := fmt.Sprint(i/100%1000 + 1)
		mustRecord(b, s, bot, newBatch(i, 100))
		for id := i; id < i+100; id++ {
			if err := s.Done(ctx, bot, id); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		items, err := s.Unfinished(ctx, "500")
		if err != nil || len(items) != 0 {
			b.Fatalf("unfinished = %d items, %v; want none", len(items), err)
		}
	}
}
