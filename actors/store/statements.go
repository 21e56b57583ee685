package store

import (
	"database/sql"
	"errors"
	"fmt"
)

// The SQL of the inbox. State names are literals, not parameters, so that
// SQLite can use the partial indexes declared in the schema.
const (
	sqlInsert = `INSERT INTO inbox (bot, update_id, payload, recorded_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (bot, update_id) DO NOTHING`
	sqlExpire = `DELETE FROM inbox WHERE bot = ? AND update_id = ?
		AND state <> 'pending' AND recorded_at < ?`
	sqlFinish = `UPDATE inbox SET state = ?, reason = ?, finished_at = ?
		WHERE bot = ? AND update_id = ? AND state = 'pending'`
	sqlExists     = `SELECT count(*) FROM inbox WHERE bot = ? AND update_id = ?`
	sqlUnfinished = `SELECT update_id, payload, recorded_at FROM inbox
		WHERE bot = ? AND state = 'pending' ORDER BY rowid`
	sqlCount = `SELECT bot, state, count(*) FROM inbox GROUP BY bot, state`
	sqlPrune = `DELETE FROM inbox WHERE rowid IN (SELECT rowid FROM inbox
		WHERE state <> 'pending' AND recorded_at < ? LIMIT ?)`
)

// statements holds the prepared statements; database/sql prepares each on
// every connection it is used on, once.
type statements struct {
	insert, expire, finish, exists, prune *sql.Stmt // on the writer
	unfinished, count                     *sql.Stmt // on the readers
}

// prepare prepares every statement on its pool.
func (st *statements) prepare(w, r *sql.DB) error {
	for _, p := range []struct {
		db  *sql.DB
		dst **sql.Stmt
		sql string
	}{
		{w, &st.insert, sqlInsert},
		{w, &st.expire, sqlExpire},
		{w, &st.finish, sqlFinish},
		{w, &st.exists, sqlExists},
		{w, &st.prune, sqlPrune},
		{r, &st.unfinished, sqlUnfinished},
		{r, &st.count, sqlCount},
	} {
		stmt, err := p.db.Prepare(p.sql)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", p.sql, err)
		}
		*p.dst = stmt
	}
	return nil
}

// close closes the statements that were prepared.
func (st *statements) close() error {
	var errs []error
	for _, s := range []*sql.Stmt{st.insert, st.expire, st.finish, st.exists,
		st.prune, st.unfinished, st.count} {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(errs...)
}

// rollback ends a transaction that was not committed. After Commit it
// returns sql.ErrTxDone; any other failure leaves nothing to undo, since
// SQLite rolls back an open transaction when its connection closes and
// database/sql discards a broken connection.
func rollback(tx *sql.Tx) {
	_ = tx.Rollback() // see above: no error here needs handling
}
