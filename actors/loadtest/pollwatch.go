package loadtest

import (
	"sync"

	"switchboard/platforms/telegram/telegramtest"
)

// pollWatch counts the bots that have sent their first getUpdates to the
// fake. Once polling a bot stays counted, so each call checks only the
// bots not seen polling yet, in order.
type pollWatch struct {
	srv    *telegramtest.Server
	tokens []string
	mu     sync.Mutex
	n      int
}

func newPollWatch(srv *telegramtest.Server, tokens []string) *pollWatch {
	return &pollWatch{srv: srv, tokens: tokens}
}

// count returns how many bots have polled, checking from the first one
// not seen polling yet.
func (w *pollWatch) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.n < len(w.tokens) && w.srv.CallCount(w.tokens[w.n], "getUpdates") > 0 {
		w.n++
	}
	return w.n
}

// count64 is count for a progress line.
func (w *pollWatch) count64() int64 { return int64(w.count()) }
