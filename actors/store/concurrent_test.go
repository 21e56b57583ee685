package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentWriters runs 50 goroutines: ten bots, five goroutines per
// bot racing to record the same updates. Each update must come back fresh
// to exactly one of them, and every Done must succeed.
func TestConcurrentWriters(t *testing.T) {
	s, _ := openTest(t, Options{})
	const bots, perBot, batches, size = 10, 5, 20, 10
	var (
		mu    sync.Mutex
		fresh = map[string]map[int64]int{}
		wg    sync.WaitGroup
		errs  = make(chan error, bots*perBot)
	)
	for g := range bots * perBot {
		bot := fmt.Sprint(1000 + g%bots)
		wg.Go(func() {
			got, err := recordAndFinish(s, bot, batches, size)
			if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if fresh[bot] == nil {
				fresh[bot] = map[int64]int{}
			}
			for _, id := range got {
				fresh[bot][id]++
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	want := map[string]Counts{}
	for b := range bots {
		bot := fmt.Sprint(1000 + b)
		want[bot] = Counts{Done: batches * size}
		if len(fresh[bot]) != batches*size {
			t.Errorf("bot %s: %d distinct fresh updates, want %d", bot, len(fresh[bot]), batches*size)
		}
		for id, n := range fresh[bot] {
			if n != 1 {
				t.Errorf("bot %s update %d: fresh %d times, want once", bot, id, n)
			}
		}
	}
	checkCounts(t, s, want)
}

// recordAndFinish records batches of updates for bot and marks the fresh
// ones done, returning their ids.
func recordAndFinish(s Inbox, bot string, batches, size int) ([]int64, error) {
	ctx := context.Background()
	var got []int64
	for b := range batches {
		batch := make([]int64, size)
		for i := range batch {
			batch[i] = int64(b*size + i)
		}
		fresh, err := s.Record(ctx, bot, items(batch...))
		if err != nil {
			return nil, err
		}
		for _, it := range fresh {
			if err := s.Done(ctx, bot, it.UpdateID); err != nil {
				return nil, err
			}
			got = append(got, it.UpdateID)
		}
	}
	return got, nil
}
