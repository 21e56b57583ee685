package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// The kill test re-executes this test binary as a child that records
// batches and prints an "acked" line after each Record returns, the moment
// a poller would confirm the batch to Telegram. The child is then killed
// with SIGKILL: no deferred call, no Close, no checkpoint runs.
const (
	childEnv     = "SWITCHBOARD_STORE_KILL_CHILD" // database path; set only in the child
	childModeEnv = "SWITCHBOARD_STORE_KILL_MODE"  // "self": the child kills itself
	childBatch   = 20                             // updates per batch
	selfKillAt   = 30                             // batches before a "self" child kills itself
	parentKillAt = 40                             // acked batches before the parent kills the child
)

// runKillChild records batches until killed, marking even ids done. It
// returns (ending the child normally) only on an error or if nobody kills it.
func runKillChild(path, mode string) int {
	s, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx := context.Background()
	for b := int64(0); b < 100_000; b++ {
		batch := make([]Item, childBatch)
		for i := range batch {
			id := b*childBatch + int64(i) + 1
			batch[i] = Item{UpdateID: id, Payload: payload(id)}
		}
		if _, err := s.Record(ctx, "4242", batch); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Printf("acked %d %d\n", batch[0].UpdateID, batch[len(batch)-1].UpdateID)
		for _, it := range batch[:childBatch/2] {
			if it.UpdateID%2 == 0 {
				if err := s.Done(ctx, "4242", it.UpdateID); err != nil {
					fmt.Fprintln(os.Stderr, err)
					return 2
				}
				fmt.Printf("done %d\n", it.UpdateID)
			}
		}
		if mode == "self" && b == selfKillAt {
			self, err := os.FindProcess(os.Getpid())
			if err == nil {
				err = self.Kill() // SIGKILL
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 2
			}
			time.Sleep(time.Minute) // the signal arrives first
		}
	}
	return 3 // never killed: the parent reports this
}

func TestKilledProcessKeepsAckedUpdates(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for _, mode := range []string{"parent", "self"} {
		t.Run(mode, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "switchboard.db")
			acked, done := runChild(t, path, mode)
			if len(acked) == 0 {
				t.Fatal("child acknowledged nothing")
			}
			checkAfterKill(t, reopen(t, path, Options{}), acked, done)
		})
	}
}

// runChild starts the child, reads its acknowledgements, kills it (in
// "parent" mode) and checks that it died by SIGKILL.
func runChild(t *testing.T, path, mode string) (acked []int64, done map[int64]bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+path, childModeEnv+"="+mode)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done = map[int64]bool{}
	batches := 0
	for sc := bufio.NewScanner(out); sc.Scan(); {
		var first, last, id int64
		switch {
		case scanLine(sc.Text(), "acked %d %d", &first, &last):
			for u := first; u <= last; u++ {
				acked = append(acked, u)
			}
			if batches++; mode == "parent" && batches == parentKillAt {
				if err := cmd.Process.Kill(); err != nil {
					t.Errorf("kill child: %v", err)
				}
			}
		case scanLine(sc.Text(), "done %d", &id):
			done[id] = true
		}
	}
	err = cmd.Wait()
	if ctx.Err() != nil {
		t.Fatalf("child still running after %v; stderr:\n%s", 2*time.Minute, stderr.String())
	}
	checkKilled(t, err, stderr.String())
	return acked, done
}

// scanLine parses line with format and reports whether it matched.
func scanLine(line, format string, args ...any) bool {
	n, err := fmt.Sscanf(line, format, args...)
	return err == nil && n == len(args)
}

// checkKilled fails unless the child ended by SIGKILL.
func checkKilled(t *testing.T, err error, stderr string) {
	t.Helper()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("child: got %v, want killed; stderr:\n%s", err, stderr)
	}
	ws, ok := exit.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, want SIGKILL; stderr:\n%s", exit, stderr)
	}
}

// checkAfterKill verifies that every acknowledged update survived, that
// acknowledged odd ids (never marked done) are unfinished, that ids whose
// Done returned are not, and that the file is intact.
func checkAfterKill(t *testing.T, s *SQLite, acked []int64, done map[int64]bool) {
	t.Helper()
	unfinished := map[int64]bool{}
	for _, id := range unfinishedIDs(t, s, "4242") {
		unfinished[id] = true
	}
	for _, id := range acked {
		if id%2 == 1 && !unfinished[id] {
			t.Errorf("acked update %d lost: not unfinished after the kill", id)
		}
		if done[id] && unfinished[id] {
			t.Errorf("update %d marked done before the kill is unfinished again", id)
		}
	}
	if fresh := mustRecord(t, s, "4242", items(acked...)); len(fresh) != 0 {
		t.Errorf("%d of %d acked updates were missing (fresh on re-record), first %d",
			len(fresh), len(acked), fresh[0].UpdateID)
	}
	var check string
	if err := s.r.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q, %v", check, err)
	}
	t.Logf("%d updates acked, %d marked done, %d unfinished after the kill", len(acked), len(done), len(unfinished))
}
