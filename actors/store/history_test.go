package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

func TestHistorySurvivesReopenAndStaysPerSession(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range 5 {
		if err := s.Append(ctx, "agent:main:telegram:dm:1", Message{"user", fmt.Sprint("q", i)},
			Message{"assistant", fmt.Sprint("a", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Append(ctx, "agent:alpha:telegram:dm:1", Message{"user", "alpha's"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Load(ctx, "agent:main:telegram:dm:1", 4)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[{user q3} {assistant a3} {user q4} {assistant a4}]" {
		t.Errorf("last 4 = %v", got)
	}
	if err := s.Clear(ctx, "agent:main:telegram:dm:1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Load(ctx, "agent:main:telegram:dm:1", 10); len(got) != 0 {
		t.Errorf("after Clear: %v", got)
	}
	if got, _ := s.Load(ctx, "agent:alpha:telegram:dm:1", 10); len(got) != 1 || got[0].Content != "alpha's" {
		t.Errorf("another session's history = %v, want it untouched", got)
	}
}
