package store

import (
	"context"
	"fmt"
	"time"
)

// pruneChunk is how many rows one Prune statement deletes. Deleting in
// chunks lets Record calls run between them instead of waiting for one long
// delete after a quiet period.
const pruneChunk = 1000

// Prune deletes done and set-aside rows recorded before olderThan and returns
// how many it deleted; pending rows are always kept. Call it at start and
// periodically (hourly is plenty) with now minus DefaultRetention.
func (s *SQLite) Prune(ctx context.Context, olderThan time.Time) (int, error) {
	cutoff, total := olderThan.UnixMilli(), 0
	for {
		res, err := s.stmts.prune.ExecContext(ctx, cutoff, pruneChunk)
		if err != nil {
			return total, fmt.Errorf("inbox prune: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("inbox prune: %w", err)
		}
		total += int(n)
		if n < pruneChunk {
			return total, nil
		}
	}
}
