package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkRecordBatch100 records a full getUpdates batch of new updates;
// ns/op is per batch.
func BenchmarkRecordBatch100(b *testing.B) {
	forSyncModes(b, func(b *testing.B, s *SQLite) {
		benchRecord(b, s, 100)
	})
}

// BenchmarkRecordOne records a single new update per call.
func BenchmarkRecordOne(b *testing.B) {
	forSyncModes(b, func(b *testing.B, s *SQLite) {
		benchRecord(b, s, 1)
	})
}

// BenchmarkRecordDuplicate100 records a batch Telegram redelivered, every
// update already seen.
func BenchmarkRecordDuplicate100(b *testing.B) {
	s, _ := openTest(b, Options{})
	batch := newBatch(0, 100)
	mustRecord(b, s, "1", batch)
	b.ReportAllocs()
	for b.Loop() {
		if fresh := mustRecord(b, s, "1", batch); len(fresh) != 0 {
			b.Fatal("duplicate batch was fresh")
		}
	}
}

// BenchmarkDone marks one recorded update done per call.
func BenchmarkDone(b *testing.B) {
	forSyncModes(b, func(b *testing.B, s *SQLite) {
		ctx := context.Background()
		const pool = 100_000
		for i := int64(0); i < pool; i += 100 {
			mustRecord(b, s, "1", newBatch(i, 100))
		}
		var id int64
		b.ReportAllocs()
		for b.Loop() {
			if id == pool {
				b.Fatal("benchmark ran past the recorded pool")
			}
			if err := s.Done(ctx, "1", id); err != nil {
				b.Fatal(err)
			}
			id++
		}
	})
}

// BenchmarkRecordParallel has 1,000 goroutines, each its own bot, record
// batches of 10 at once. writers=1 is the design (one writer connection,
// writers queue in Go); writers=8 is the alternative of a pool of writer
// connections serialised by SQLite's busy_timeout. ns/op is per batch
// (throughput of the whole store); p99-ms and max-ms are the latency one
// Record call saw.
func BenchmarkRecordParallel(b *testing.B) {
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			s, _ := openTest(b, Options{writers: writers})
			b.ReportAllocs()
			lat := recordFromBots(b, s, 1000, b.N)
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
		})
	}
}

// recordFromBots has bots goroutines record n batches of 10 between them and
// returns the latency of each Record call.
func recordFromBots(b *testing.B, s *SQLite, bots, n int) []time.Duration {
	var (
		left atomic.Int64
		wg   sync.WaitGroup
		lat  = make([]time.Duration, n)
	)
	left.Store(int64(n))
	for g := range bots {
		wg.Go(func() {
			bot := fmt.Sprint(g + 1)
			for id := int64(0); ; id += 10 {
				i := left.Add(-1)
				if i < 0 {
					return
				}
				start := time.Now()
				if _, err := s.Record(context.Background(), bot, newBatch(id, 10)); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(start)
			}
		})
	}
	wg.Wait()
	return lat
}

// BenchmarkCount reads the status counts over 100,000 rows.
func BenchmarkCount(b *testing.B) {
	s, _ := openTest(b, Options{})
	for i := int64(0); i < 100_000; i += 100 {
		mustRecord(b, s, fmt.Sprint(i%1000), newBatch(i, 100))
	}
	for b.Loop() {
		if _, err := s.Count(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// forSyncModes runs bench against a fresh database with synchronous=NORMAL
// (the default) and synchronous=FULL.
func forSyncModes(b *testing.B, bench func(*testing.B, *SQLite)) {
	for _, mode := range []struct {
		name string
		opts Options
	}{{"sync=NORMAL", Options{}}, {"sync=FULL", Options{FullSync: true}}} {
		b.Run(mode.name, func(b *testing.B) {
			s, _ := openTest(b, mode.opts)
			bench(b, s)
		})
	}
}

// benchRecord records batches of n new updates per iteration.
func benchRecord(b *testing.B, s *SQLite, n int) {
	var id int64
	b.ReportAllocs()
	for b.Loop() {
		if fresh := mustRecord(b, s, "1", newBatch(id, n)); len(fresh) != n {
			b.Fatalf("fresh %d of %d", len(fresh), n)
		}
		id += int64(n)
	}
}

// newBatch returns n updates with ids from first on.
func newBatch(first int64, n int) []Item {
	batch := make([]Item, n)
	for i := range batch {
		id := first + int64(i)
		batch[i] = Item{UpdateID: id, Payload: payload(id)}
	}
	return batch
}
