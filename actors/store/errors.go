package store

import (
	"errors"
	"fmt"
)

// ErrBadBotID is returned when a bot key is not a bot id (only digits). The
// offending value is not repeated in the error, since it may be a token.
var ErrBadBotID = errors.New("bot key must be the bot id (the digits before the token's colon)")

// ErrUnknownUpdate is returned by Done and SetAside for an update that was
// never recorded for that bot (or was already pruned).
var ErrUnknownUpdate = errors.New("update not recorded in the inbox")

// ErrSchemaTooNew is returned by Open when the database was written by a newer
// Switchboard with a schema this binary does not know; the fix is to run the
// newer binary or restore a backup.
var ErrSchemaTooNew = errors.New("database schema is newer than this binary: " +
	"run the newer switchboard or restore a backup of the database")

// ErrBadPath is returned by Open for a path the SQLite driver cannot take
// literally (one containing '?').
var ErrBadPath = errors.New("database path must not contain '?'")

// opErr prefixes err with the failed inbox operation and the bot id. Call it
// only after checkBot: a bot key that failed the check may be a token.
func opErr(op, bot string, err error) error {
	return fmt.Errorf("inbox %s (bot_id %s): %w", op, bot, err)
}
