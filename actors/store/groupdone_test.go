package store

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
)

// TestConcurrentDonesCommitTogether marks many updates done at once, some
// of them unknown: each call gets its own answer, and every known update
// ends done.
func TestConcurrentDonesCommitTogether(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var items []Item
	for i := range 300 {
		items = append(items, Item{UpdateID: int64(i), Payload: []byte(`{}`)})
	}
	if _, err := s.Record(ctx, "77", items); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 310)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Done(ctx, "77", int64(i))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		switch {
		case i < 300 && err != nil:
			t.Errorf("Done(%d) = %v", i, err)
		case i >= 300 && !errors.Is(err, ErrUnknownUpdate):
			t.Errorf("Done(%d) of an unknown update = %v, want ErrUnknownUpdate", i, err)
		}
	}
	c, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c["77"].Done != 300 || c["77"].Pending != 0 {
		t.Errorf("counts %+v, want 300 done", c["77"])
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Done(ctx, "77", 1); err == nil {
		t.Errorf("Done after Close succeeded")
	}
}
