package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"time"
)

const (
	// maxPollTimeout is the longest hold, in seconds, the Bot API server allows.
	maxPollTimeout = 50
	// maxPollLimit is the most updates one getUpdates returns, and the default.
	maxPollLimit = 100
)

// poll is a getUpdates call in flight.
type poll struct {
	ctx        context.Context
	superseded chan struct{} // closed when a newer getUpdates arrives
	terminated bool          // superseded is closed; guarded by Server.mu
}

// pollQuery is getUpdates' parameters after Telegram's defaults and clamping.
type pollQuery struct {
	offset  int64
	limit   int
	timeout time.Duration
}

// parsePollQuery reads offset, limit (1–100, default 100) and timeout
// (0–50 s). allowed_updates is accepted and ignored.
func parsePollQuery(params map[string]string) pollQuery {
	return pollQuery{
		offset:  intParam(params, "offset", 0),
		limit:   int(clamp(intParam(params, "limit", maxPollLimit), 1, maxPollLimit)),
		timeout: time.Duration(clamp(intParam(params, "timeout", 0), 0, maxPollTimeout)) * time.Second,
	}
}

// ConcurrentPolls returns how many times a getUpdates arrived for a token
// while another getUpdates for the same token was still in flight, over all
// tokens. A correct poller keeps it at 0. A client that abandons a poll
// (closing its connection, as a cancelled context does) and at once sends
// the next is not counted: the server checks whether the older request's
// connection is already closed before counting.
func (s *Server) ConcurrentPolls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.concurrentPolls
}

// beginPoll registers a getUpdates in flight. If others are in flight for the
// same bot, it counts a concurrent poll and tells them to answer 409, as
// Telegram terminates the older request.
func (s *Server) beginPoll(ctx context.Context, b *botState) *poll {
	p := &poll{ctx: ctx, superseded: make(chan struct{})}
	s.mu.Lock()
	defer s.mu.Unlock()
	counted := false
	for old := range b.polls {
		if old.terminated || clientGone(old.ctx) {
			continue // already answering 409, or abandoned by its client
		}
		if !counted {
			s.concurrentPolls++
			counted = true
		}
		old.terminated = true
		close(old.superseded)
	}
	b.polls[p] = struct{}{}
	return p
}

// endPoll unregisters a finished getUpdates.
func (s *Server) endPoll(b *botState, p *poll) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(b.polls, p)
}

// getUpdates answers queued updates at once, or holds the call up to timeout
// until one is pushed, the client goes away, a newer getUpdates replaces it
// or the server closes.
func (s *Server) getUpdates(c *call) (any, error) {
	q := parsePollQuery(c.params)
	var timer *time.Timer
	for {
		result, wake, err := s.takeUpdates(c.bot, &q)
		if result != nil || err != nil {
			return result, err
		}
		if timer == nil {
			timer = time.NewTimer(q.timeout)
			defer timer.Stop()
		}
		select {
		case <-wake:
		case <-timer.C:
			return json.RawMessage("[]"), nil
		case <-c.poll.superseded:
			return nil, errTerminatedByOther
		case <-c.r.Context().Done():
			return nil, errClientGone
		case <-s.closing:
			return nil, errShutdown
		}
	}
}

// takeUpdates applies the offset and returns up to limit updates. With none
// to give and a timeout to wait, it returns a nil result and the channel that
// a push will close.
func (s *Server) takeUpdates(b *botState, q *pollQuery) (json.RawMessage, <-chan struct{}, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.webhook.Set {
		return nil, nil, errWebhookActive
	}
	b.confirm(q.offset)
	if q.offset < 0 {
		q.offset = 0 // "the last N" is applied once; later passes take what arrives
	}
	if len(b.queue) == 0 && q.timeout > 0 {
		return nil, b.wake, nil
	}
	return encodeUpdates(b.queue[:min(q.limit, len(b.queue))]), nil, nil
}

// confirm applies a getUpdates offset: a positive offset forgets every update
// with a lower id; a negative offset -N forgets all but the last N.
func (b *botState) confirm(offset int64) {
	drop := 0
	switch {
	case offset > 0:
		for drop < len(b.queue) && b.queue[drop].id < offset {
			drop++
		}
	case offset < 0:
		keep := int64(len(b.queue))
		if n := -offset; n > 0 && n < keep { // n <= 0 only for the overflowing MinInt64
			keep = n
		}
		drop = len(b.queue) - int(keep)
	}
	b.dropFront(drop)
}

// dropFront forgets the n oldest updates, releasing their encoded bodies.
func (b *botState) dropFront(n int) {
	clear(b.queue[:n])
	b.queue = b.queue[n:]
}

// encodeUpdates joins encoded updates into a JSON array.
func encodeUpdates(updates []queuedUpdate) json.RawMessage {
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i, u := range updates {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(u.raw)
	}
	buf.WriteByte(']')
	return buf.Bytes()
}
