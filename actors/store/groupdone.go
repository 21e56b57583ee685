package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// maxDoneBatch caps the Done calls committed in one transaction.
const maxDoneBatch = 256

// doneTimeout bounds one group commit.
const doneTimeout = 30 * time.Second

// errClosed answers calls made after Close.
var errClosed = errors.New("database closed")

// doneReq is one Done call waiting for its group commit.
type doneReq struct {
	bot string
	id  int64
	res chan error
}

// groupDone batches concurrent Done calls into one transaction: every
// answered message costs a Done, and one commit per message kept the single
// writer busy enough to delay Record, the call the next poll waits on. A
// call still returns only once its row is committed, so a chat's next
// reply is never sent before the previous one is marked done.
type groupDone struct {
	q    chan doneReq
	quit chan struct{}
	stop sync.Once
	wg   sync.WaitGroup
}

func (s *SQLite) startGroupDone() {
	s.gd.q = make(chan doneReq, maxDoneBatch)
	s.gd.quit = make(chan struct{})
	s.gd.wg.Add(1)
	go s.commitLoop()
}

// stopGroupDone ends the commit loop; calls waiting then get errClosed.
// Closing twice is harmless.
func (s *SQLite) stopGroupDone() {
	if s.gd.quit == nil {
		return
	}
	s.gd.stop.Do(func() { close(s.gd.quit) })
	s.gd.wg.Wait()
}

// groupDoneCall queues one Done and waits for its commit.
func (s *SQLite) groupDoneCall(ctx context.Context, bot string, id int64) error {
	req := doneReq{bot: bot, id: id, res: make(chan error, 1)}
	select {
	case <-s.gd.quit:
		return opErr("done", bot, errClosed)
	default:
	}
	select {
	case s.gd.q <- req:
	case <-s.gd.quit:
		return opErr("done", bot, errClosed)
	case <-ctx.Done():
		return opErr("done", bot, ctx.Err())
	}
	select {
	case err := <-req.res:
		return err
	case <-s.gd.quit:
		// The loop may have stopped before taking this call; it is not
		// committed unless an answer is already waiting.
		select {
		case err := <-req.res:
			return err
		default:
			return opErr("done", bot, errClosed)
		}
	case <-ctx.Done():
		return opErr("done", bot, ctx.Err())
	}
}

func (s *SQLite) commitLoop() {
	defer s.gd.wg.Done()
	for {
		select {
		case first := <-s.gd.q:
			s.commitDone(s.gather(first))
		case <-s.gd.quit:
			for {
				select {
				case r := <-s.gd.q:
					r.res <- opErr("done", r.bot, errClosed)
				default:
					return
				}
			}
		}
	}
}

// gather takes first and whatever else is already queued, up to a batch.
func (s *SQLite) gather(first doneReq) []doneReq {
	batch := []doneReq{first}
	for len(batch) < maxDoneBatch {
		select {
		case r := <-s.gd.q:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

// commitDone marks a batch done in one transaction and answers each call.
func (s *SQLite) commitDone(batch []doneReq) {
	ctx, cancel := context.WithTimeout(context.Background(), doneTimeout)
	defer cancel()
	results := make([]error, len(batch))
	err := s.inTx(ctx, func(tx txStmts) {
		now := s.now().UnixMilli()
		for i, r := range batch {
			results[i] = s.finishIn(ctx, tx, r.bot, r.id, now)
		}
	})
	for i, r := range batch {
		if err != nil {
			results[i] = opErr("done", r.bot, fmt.Errorf("update %d: %w", r.id, err))
		}
		r.res <- results[i]
	}
}
