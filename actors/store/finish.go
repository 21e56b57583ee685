package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Done marks an update handled: its reply was sent or it was deliberately
// skipped. A finished update stays as it is; an unknown one gives
// ErrUnknownUpdate.
func (s *SQLite) Done(ctx context.Context, bot string, updateID int64) error {
	if err := checkBot(bot); err != nil {
		return fmt.Errorf("inbox done: %w", err)
	}
	return s.groupDoneCall(ctx, bot, updateID)
}

// SetAside marks an update whose handling failed so that it is never
// retried, keeping reason (token-shaped text redacted, length bounded). An
// update already done stays done; an unknown one gives ErrUnknownUpdate.
func (s *SQLite) SetAside(ctx context.Context, bot string, updateID int64, reason string) error {
	return s.finish(ctx, "set aside", bot, updateID, stateSetAside, cleanReason(reason))
}

// finish moves a pending row to st. When no pending row matched, it tells a
// row finished earlier (fine: handling is at-least-once) from a missing one.
func (s *SQLite) finish(ctx context.Context, op, bot string, id int64, st state, reason string) error {
	if err := checkBot(bot); err != nil {
		return fmt.Errorf("inbox %s: %w", op, err)
	}
	changed, err := affected(s.stmts.finish.ExecContext(ctx, string(st), reason, s.now().UnixMilli(), bot, id))
	if err != nil {
		return opErr(op, bot, fmt.Errorf("update %d: %w", id, err))
	}
	if changed {
		return nil
	}
	var n int
	if err := s.stmts.exists.QueryRowContext(ctx, bot, id).Scan(&n); err != nil {
		return opErr(op, bot, fmt.Errorf("update %d: %w", id, err))
	}
	if n == 0 {
		return opErr(op, bot, fmt.Errorf("update %d: %w", id, ErrUnknownUpdate))
	}
	return nil
}

// txStmts gives a transaction's view of the writer's prepared statements.
type txStmts func(stmt *sql.Stmt) *sql.Stmt

// inTx runs f in one write transaction and commits it.
func (s *SQLite) inTx(ctx context.Context, f func(tx txStmts)) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer rollback(tx)
	f(func(stmt *sql.Stmt) *sql.Stmt { return tx.StmtContext(ctx, stmt) })
	return tx.Commit()
}

// finishIn marks one pending row done inside a transaction; like finish, a
// row finished earlier is fine and a missing one is ErrUnknownUpdate.
func (s *SQLite) finishIn(ctx context.Context, tx txStmts, bot string, id, now int64) error {
	changed, err := affected(tx(s.stmts.finish).ExecContext(ctx, string(stateDone), "", now, bot, id))
	if err != nil {
		return opErr("done", bot, fmt.Errorf("update %d: %w", id, err))
	}
	if changed {
		return nil
	}
	var n int
	if err := tx(s.stmts.exists).QueryRowContext(ctx, bot, id).Scan(&n); err != nil {
		return opErr("done", bot, fmt.Errorf("update %d: %w", id, err))
	}
	if n == 0 {
		return opErr("done", bot, fmt.Errorf("update %d: %w", id, ErrUnknownUpdate))
	}
	return nil
}
