// Package store is Switchboard's embedded database: one SQLite file under the
// home that holds the durable Telegram inbox (and, later, session history).
//
// The inbox makes Telegram delivery at-least-once end to end and handled
// effectively once. A poller records every update of a getUpdates batch with
// [Inbox.Record] before its next getUpdates confirms the batch to Telegram;
// Record returns only the updates it has not seen before, so a redelivered
// update is not handled twice. Once an update's reply is sent (or it is
// deliberately skipped) the handler calls [Inbox.Done]; an update whose
// handling panicked is moved out of the way with [Inbox.SetAside] so it is not
// retried forever. At start, [Inbox.Unfinished] returns what a crash left
// recorded but unanswered, to be handled again.
//
// Deduplication is by exact (bot id, update_id) membership, never by a
// high-water mark: Telegram restarts update ids after a long quiet period, so a
// lower id is a new update. Finished rows are kept for a retention window
// ([DefaultRetention]) and then removed by [Inbox.Prune]; a finished row older
// than the retention no longer counts as seen even before Prune removes it, so
// a restarted id sequence is never mistaken for old updates.
//
// The bot key is always the bot id, the digits before the colon of a token,
// never the token itself; Record and its siblings refuse anything else.
//
// [Inbox] is the small interface the rest of the gateway uses; [SQLite] is the
// single-node implementation. A clustered deployment will provide the same
// interface on a shared database.
package store
