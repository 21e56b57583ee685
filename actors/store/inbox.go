package store

import (
	"context"
	"time"
)

// DefaultRetention is how long finished inbox rows are kept: long enough to
// recognise any update Telegram can still redeliver (it keeps unconfirmed
// updates about 24 h), short enough that a restarted id sequence, which
// Telegram starts only after days without updates, never meets them.
const DefaultRetention = 48 * time.Hour

// Inbox is the durable Telegram intake. Bot is always a bot id (the digits
// before a token's colon); a token is refused with ErrBadBotID.
type Inbox interface {
	// Record stores a batch of updates for one bot in one transaction and
	// returns the ones not seen before, in batch order, with RecordedAt set.
	// The batch is durable when Record returns nil; only then may the poller
	// confirm it to Telegram.
	Record(ctx context.Context, bot string, items []Item) (fresh []Item, err error)
	// Done marks an update handled: its reply was sent or it was deliberately
	// skipped. Marking a finished update again is a no-op; an update never
	// recorded gives ErrUnknownUpdate.
	Done(ctx context.Context, bot string, updateID int64) error
	// SetAside marks an update whose handling failed (for example panicked)
	// so that it is never retried, keeping reason for the operator. Token-shaped
	// text in reason is redacted; it should carry no secrets to begin with.
	SetAside(ctx context.Context, bot string, updateID int64, reason string) error
	// Unfinished returns the bot's recorded updates that are neither done nor
	// set aside, oldest first; the gateway handles them again at start.
	Unfinished(ctx context.Context, bot string) ([]Item, error)
	// Prune deletes finished (done or set-aside) rows recorded before
	// olderThan and returns how many it deleted. Unfinished rows are kept.
	Prune(ctx context.Context, olderThan time.Time) (int, error)
	// Count returns the number of rows in each state, keyed by bot id, for
	// status output.
	Count(ctx context.Context) (map[string]Counts, error)
}

// Item is one Telegram update as the inbox keeps it.
type Item struct {
	// UpdateID is Telegram's update_id.
	UpdateID int64
	// Payload is the raw update JSON. It never contains a bot token.
	Payload []byte
	// RecordedAt is when the update was first recorded; Record sets it.
	RecordedAt time.Time
}

// Counts is the number of inbox rows of one bot in each state.
type Counts struct {
	// Pending rows are recorded but neither done nor set aside.
	Pending int
	// Done rows were handled.
	Done int
	// SetAside rows failed to be handled and will not be retried.
	SetAside int
}

// state is the stored state of an inbox row.
type state string

// The states an inbox row moves through: pending, then done or set aside.
const (
	statePending  state = "pending"
	stateDone     state = "done"
	stateSetAside state = "set_aside"
)
