package store

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenCreatesPrivateWALFile(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     Options
		wantSync int
	}{
		{"default", Options{}, 1}, // NORMAL
		{"full sync", Options{FullSync: true}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, path := openTest(t, tc.opts)
			mustRecord(t, s, "1", items(1))
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				fi, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != 0o600 {
					t.Errorf("%s: mode %v, want 0600", filepath.Base(p), fi.Mode().Perm())
				}
			}
			if fi, err := os.Stat(filepath.Dir(path)); err != nil || fi.Mode().Perm() != 0o700 {
				t.Errorf("directory: %v, %v; want mode 0700", fi.Mode().Perm(), err)
			}
			checkPragma(t, s.w, "journal_mode", "wal")
			checkPragma(t, s.w, "synchronous", tc.wantSync)
			checkPragma(t, s.w, "busy_timeout", int(busyTimeout.Milliseconds()))
			checkPragma(t, s.w, "user_version", schemaVersion)
			checkPragma(t, s.w, "journal_size_limit", walSizeLimit)
			checkPragma(t, s.w, "foreign_keys", 1)
			checkPragma(t, s.r, "query_only", 1)
		})
	}
}

// checkPragma compares the value of a PRAGMA on db with want.
func checkPragma[T comparable](t *testing.T, db *sql.DB, name string, want T) {
	t.Helper()
	var got T
	if err := db.QueryRow("PRAGMA " + name).Scan(&got); err != nil {
		t.Fatalf("pragma %s: %v", name, err)
	}
	if got != want {
		t.Errorf("pragma %s: got %v, want %v", name, got, want)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	s, path := openTest(t, Options{})
	if _, err := s.w.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(path); !errors.Is(err, ErrSchemaTooNew) {
		if err == nil {
			s.Close()
		}
		t.Errorf("open: got %v, want ErrSchemaTooNew", err)
	}
}

func TestOpenTwiceMigratesOnce(t *testing.T) {
	s, path := openTest(t, Options{})
	mustRecord(t, s, "1", items(1))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, path, Options{})
	checkPragma(t, s.w, "user_version", schemaVersion)
	checkCounts(t, s, map[string]Counts{"1": {Pending: 1}})
}

func TestOpenRejectsQueryInPath(t *testing.T) {
	if s, err := Open(filepath.Join(t.TempDir(), "a?mode=ro")); !errors.Is(err, ErrBadPath) {
		if err == nil {
			s.Close()
		}
		t.Errorf("open: got %v, want ErrBadPath", err)
	}
}

// TestQueryPlans guards the indexes: the hot and periodic queries must not
// scan the whole table.
func TestQueryPlans(t *testing.T) {
	s, _ := openTest(t, Options{})
	for _, tc := range []struct {
		query, want string
		args        []any
	}{
		{sqlUnfinished, "inbox_state", []any{"1"}},
		{sqlCount, "COVERING INDEX inbox_state", nil},
		{sqlPrune, "inbox_finished", []any{0, 1}},
		{sqlInsert, "", []any{"1", 1, []byte{}, 0}},
		{sqlFinish, "sqlite_autoindex_inbox_1", []any{"done", "", 0, "1", 1}},
		{sqlExpire, "sqlite_autoindex_inbox_1", []any{"1", 1, 0}},
	} {
		plan := explain(t, s.w, tc.query, tc.args...)
		if !strings.Contains(plan, tc.want) || strings.Contains(plan, "SCAN inbox\n") ||
			strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("plan for %q:\n%s\nwant it to use %q, without a table scan or sort",
				tc.query, plan, tc.want)
		}
	}
}

// explain returns the query plan of query, one step a line.
func explain(t *testing.T, db *sql.DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
