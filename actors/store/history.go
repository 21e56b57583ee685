package store

import (
	"context"
	"fmt"
)

// Message is one entry of a conversation's history.
type Message struct {
	Role    string
	Content string
}

// History keeps each session's conversation so that it survives a
// restart. Sessions are named by their session key, which includes the
// profile, so profiles never see each other's history.
type History interface {
	// Load returns the session's last limit messages, oldest first.
	Load(ctx context.Context, session string, limit int) ([]Message, error)
	// Append adds messages at the end of the session's history.
	Append(ctx context.Context, session string, msgs ...Message) error
	// Clear forgets the session's history (/new).
	Clear(ctx context.Context, session string) error
}

var _ History = (*SQLite)(nil)

// Load returns the session's last limit messages, oldest first.
func (s *SQLite) Load(ctx context.Context, session string, limit int) ([]Message, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT role, content FROM (
		SELECT seq, role, content FROM history WHERE session = ? ORDER BY seq DESC LIMIT ?
	) ORDER BY seq`, session, limit)
	if err != nil {
		return nil, fmt.Errorf("load history: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		if err := rows.Scan(&m.Role, &m.Content); err != nil {
			return nil, fmt.Errorf("load history: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load history: %w", err)
	}
	return out, nil
}

// Append adds messages at the end of the session's history, in one
// transaction.
func (s *SQLite) Append(ctx context.Context, session string, msgs ...Message) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("append history: %w", err)
	}
	defer rollback(tx)
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM history WHERE session = ?`,
		session).Scan(&next); err != nil {
		return fmt.Errorf("append history: %w", err)
	}
	at := s.now().UnixMilli()
	for i, m := range msgs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO history (session, seq, role, content, at) VALUES (?, ?, ?, ?, ?)`,
			session, next+int64(i), m.Role, m.Content, at); err != nil {
			return fmt.Errorf("append history: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("append history: %w", err)
	}
	return nil
}

// Clear forgets the session's history.
func (s *SQLite) Clear(ctx context.Context, session string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM history WHERE session = ?`, session); err != nil {
		return fmt.Errorf("clear history: %w", err)
	}
	return nil
}
