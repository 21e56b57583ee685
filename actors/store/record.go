package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Record stores items for bot in one transaction and returns those not seen
// before, in order, with RecordedAt set. An update counts as seen when a row
// with the same (bot, update_id) exists, unless that row is finished and was
// recorded longer than the retention ago: such a row is what Prune would have
// removed, so the update is a new one from a restarted id sequence and
// replaces it. Nothing is recorded when Record returns an error.
func (s *SQLite) Record(ctx context.Context, bot string, items []Item) ([]Item, error) {
	if err := checkBot(bot); err != nil {
		return nil, fmt.Errorf("inbox record: %w", err)
	}
	if len(items) == 0 {
		return nil, nil
	}
	now := s.now()
	at, cutoff := now.UnixMilli(), now.Add(-s.retention).UnixMilli()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, opErr("record: begin", bot, err)
	}
	defer rollback(tx)
	ins, exp := tx.StmtContext(ctx, s.stmts.insert), tx.StmtContext(ctx, s.stmts.expire)
	fresh := make([]Item, 0, len(items))
	for _, it := range items {
		ok, err := recordOne(ctx, ins, exp, bot, it, at, cutoff)
		if err != nil {
			return nil, opErr("record", bot, fmt.Errorf("update %d: %w", it.UpdateID, err))
		}
		if ok {
			it.RecordedAt = time.UnixMilli(at)
			fresh = append(fresh, it)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, opErr("record: commit", bot, err)
	}
	return fresh, nil
}

// recordOne inserts one update and reports whether it was new. The expiry
// path runs only for a duplicate, which is rare (a redelivery after a crash).
func recordOne(ctx context.Context, ins, exp *sql.Stmt, bot string, it Item, at, cutoff int64) (bool, error) {
	payload := it.Payload
	if payload == nil {
		payload = []byte{} // the column is NOT NULL; nil would bind as NULL
	}
	if inserted, err := affected(ins.ExecContext(ctx, bot, it.UpdateID, payload, at)); err != nil || inserted {
		return inserted, err
	}
	expired, err := affected(exp.ExecContext(ctx, bot, it.UpdateID, cutoff))
	if err != nil || !expired {
		return false, err
	}
	return affected(ins.ExecContext(ctx, bot, it.UpdateID, payload, at))
}

// affected reports whether a statement changed at least one row.
func affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
