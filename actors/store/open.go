package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// busyTimeout is how long a connection waits for a lock held by another
// connection (a reader checkpointing, another process) before SQLITE_BUSY.
// Writes inside this process never contend: they share one connection.
const busyTimeout = 5 * time.Second

// walSizeLimit caps the size the WAL file is truncated back to after a
// checkpoint, so a burst does not leave a large file behind.
const walSizeLimit = 64 << 20

// readers is the size of the read-only connection pool (Unfinished, Count).
const readers = 4

// Options tunes Open. The zero value gives the defaults.
type Options struct {
	// FullSync makes every commit fsync the write-ahead log (synchronous=FULL),
	// so a recorded batch survives power loss and OS crashes as well. The
	// default (synchronous=NORMAL) already survives the process being killed
	// at any moment and makes small commits several times faster; see Open.
	FullSync bool
	// Retention is how long a finished row counts as seen for deduplication.
	// Default DefaultRetention (48 h).
	Retention time.Duration
	// Now is the clock used for RecordedAt and retention. Default time.Now.
	Now func() time.Time

	// writers is the size of the writer pool. 0 or 1 is the single writer
	// connection used in production; benchmarks set more to measure the
	// alternative of several writers serialised by busy_timeout.
	writers int
}

// SQLite is the single-node Inbox on an embedded SQLite database. It is safe
// for concurrent use by many goroutines.
type SQLite struct {
	w         *sql.DB // writes: one connection, so writers queue in Go, not in SQLite
	r         *sql.DB // reads: a small pool of query-only connections
	stmts     statements
	gd        groupDone
	retention time.Duration
	now       func() time.Time
}

var _ Inbox = (*SQLite)(nil)

// Open opens (creating if needed) the database at path with default options.
// See OpenWith.
func Open(path string) (*SQLite, error) {
	return OpenWith(path, Options{})
}

// OpenWith opens the database at path, creating the file (mode 0600) and its
// directory (0700) when missing, and brings its schema up to date.
//
// Connections use WAL journaling, a busy_timeout, foreign keys, and
// synchronous=NORMAL unless opts.FullSync. In WAL mode, NORMAL writes each
// commit to the log before returning but does not fsync it: the data is in the
// operating system's page cache, so a SIGKILL or panic of the process loses
// nothing that Record reported durable, while a power cut or kernel crash may
// lose the last commits (never corrupting the file). The inbox needs the
// first guarantee; the second is what FullSync buys, at a cost of one fsync
// per commit.
func OpenWith(path string, opts Options) (*SQLite, error) {
	abs, err := prepareFile(path)
	if err != nil {
		return nil, err
	}
	s := &SQLite{retention: opts.Retention, now: opts.Now}
	if s.retention <= 0 {
		s.retention = DefaultRetention
	}
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.open(abs, opts); err != nil {
		return nil, fmt.Errorf("open inbox database %s: %w", path, err)
	}
	return s, nil
}

// prepareFile creates path's directory and the empty file with private
// permissions, so that SQLite (and its -wal and -shm files, which copy the
// database file's mode) never create them world-readable.
func prepareFile(path string) (string, error) {
	if strings.ContainsRune(path, '?') {
		return "", fmt.Errorf("open inbox database: %w", ErrBadPath)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("open inbox database %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return "", fmt.Errorf("create inbox database directory: %w", err)
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return "", fmt.Errorf("create inbox database %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("create inbox database %s: %w", path, err)
	}
	return abs, nil
}

// open connects the writer, migrates, then connects the readers and
// prepares the statements. On error everything opened so far is closed.
func (s *SQLite) open(path string, opts Options) (err error) {
	defer func() {
		if err != nil {
			err = errors.Join(err, s.Close())
		}
	}()
	if s.w, err = sql.Open("sqlite", writerDSN(path, opts.FullSync)); err != nil {
		return err
	}
	n := max(opts.writers, 1)
	s.w.SetMaxOpenConns(n)
	s.w.SetMaxIdleConns(n)
	if err = checkWAL(s.w); err != nil {
		return err
	}
	if err = migrate(context.Background(), s.w); err != nil {
		return err
	}
	if s.r, err = sql.Open("sqlite", readerDSN(path)); err != nil {
		return err
	}
	s.r.SetMaxOpenConns(readers)
	s.r.SetMaxIdleConns(readers)
	if err = s.stmts.prepare(s.w, s.r); err != nil {
		return err
	}
	s.startGroupDone()
	return nil
}

// writerDSN is the driver name for write connections. _txlock=immediate takes
// the write lock at BEGIN, so a transaction never fails half-way with a lock
// upgrade that busy_timeout cannot wait out.
func writerDSN(path string, fullSync bool) string {
	sync := "NORMAL"
	if fullSync {
		sync = "FULL"
	}
	return fmt.Sprintf("%s?_busy_timeout=%d&_journal_mode=WAL&_synchronous=%s&_foreign_keys=1"+
		"&_pragma=journal_size_limit(%d)&_txlock=immediate",
		path, busyTimeout.Milliseconds(), sync, walSizeLimit)
}

// readerDSN is the driver name for read connections: query_only guards
// against a write slipping onto a connection that bypasses the writer queue.
func readerDSN(path string) string {
	return fmt.Sprintf("%s?_busy_timeout=%d&_foreign_keys=1&_query_only=1",
		path, busyTimeout.Milliseconds())
}

// checkWAL fails when the file system refused WAL mode (some network file
// systems do), since the durability and concurrency reasoning rests on it.
func checkWAL(db *sql.DB) error {
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("read journal mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, not wal: put the home on a local file system", mode)
	}
	return nil
}

// Close closes the database. Everything Record reported durable is already
// on disk; Close only releases connections and checkpoints the log.
func (s *SQLite) Close() error {
	s.stopGroupDone()
	errs := []error{s.stmts.close()}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close inbox database: %w", err)
	}
	return nil
}
