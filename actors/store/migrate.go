package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema changes in order; migrations[i] takes the
// database from schema version i to i+1 (PRAGMA user_version). Append new
// ones, never edit a released one: a database records how far it got.
var migrations = []string{
	// 1: the Telegram inbox. rowid is the recording order, which Unfinished
	// replays in. recorded_at and finished_at are Unix milliseconds.
	// inbox_state serves Unfinished (its entries end in rowid, so they come
	// out in recording order) and Count without reading the table;
	// inbox_finished serves Prune.
	`CREATE TABLE inbox (
		bot         TEXT    NOT NULL,
		update_id   INTEGER NOT NULL,
		payload     BLOB    NOT NULL,
		state       TEXT    NOT NULL DEFAULT 'pending'
		            CHECK (state IN ('pending', 'done', 'set_aside')),
		reason      TEXT    NOT NULL DEFAULT '',
		recorded_at INTEGER NOT NULL,
		finished_at INTEGER,
		PRIMARY KEY (bot, update_id)
	) STRICT;
	CREATE INDEX inbox_state ON inbox (bot, state);
	CREATE INDEX inbox_finished ON inbox (recorded_at) WHERE state <> 'pending';`,
	// 2: conversation history, per session key (which names the profile,
	// so profiles never share rows). seq orders a session's messages.
	`CREATE TABLE history (
		session TEXT    NOT NULL,
		seq     INTEGER NOT NULL,
		role    TEXT    NOT NULL,
		content TEXT    NOT NULL,
		at      INTEGER NOT NULL,
		PRIMARY KEY (session, seq)
	) STRICT;`,
}

// schemaVersion is the schema version this binary writes.
var schemaVersion = len(migrations)

// migrate brings the schema up to date in one immediate transaction, so two
// processes opening the same new file cannot both apply a migration.
func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: begin: %w", err)
	}
	defer rollback(tx)
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("migrate: read schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("migrate: schema version %d, this binary knows %d: %w",
			v, len(migrations), ErrSchemaTooNew)
	}
	for ; v < len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrate to schema version %d: %w", v+1, err)
		}
		// PRAGMA takes no parameters; v+1 is an int we computed.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			return fmt.Errorf("migrate: set schema version %d: %w", v+1, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}
