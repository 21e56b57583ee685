package listener

import (
	"context"
	"net/http"
	"sync"

	"switchboard/platforms"
)

// Exchange connects the HTTP handlers of one profile's adapter to the
// profile: it holds the adapter's intake while the adapter runs, mounts its
// routes for that time, and pairs each reply with the request waiting for
// it. The api_server and webhook adapters are built on it.
type Exchange struct {
	mu      sync.Mutex
	intake  platforms.Intake
	pending map[string]chan platforms.Outbound
}

// Serve mounts routes for profile and holds in until ctx ends; then the
// routes are gone (404) and new requests are refused.
func (e *Exchange) Serve(ctx context.Context, in platforms.Intake, m Mounter, profile string,
	routes map[string]http.Handler, auth Auth) {
	e.mu.Lock()
	e.intake = in
	if e.pending == nil {
		e.pending = map[string]chan platforms.Outbound{}
	}
	e.mu.Unlock()
	for prefix, h := range routes {
		m.Mount(profile, prefix, h, auth)
	}
	in.Progress()
	<-ctx.Done()
	for prefix := range routes {
		m.Unmount(profile, prefix)
	}
	e.mu.Lock()
	e.intake = nil
	e.mu.Unlock()
}

// Expect registers a request that waits for the reply to receipt. It
// returns the intake to deliver the request's message to, or nil when the
// adapter is not running; the reply then arrives on the channel.
func (e *Exchange) Expect(receipt string, wait bool) (platforms.Intake, <-chan platforms.Outbound) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.intake == nil {
		return nil, nil
	}
	if !wait {
		return e.intake, nil
	}
	ch := make(chan platforms.Outbound, 1)
	e.pending[receipt] = ch
	return e.intake, ch
}

// Abandon withdraws a request that stopped waiting (its client left): a
// late reply is dropped, and the profile is told to cancel the turn.
func (e *Exchange) Abandon(in platforms.Intake, src platforms.Source, receipt string) {
	e.mu.Lock()
	delete(e.pending, receipt)
	e.mu.Unlock()
	in.Cancel(src, receipt)
}

// Reply hands an Outbound to the request waiting for it, if any still does.
func (e *Exchange) Reply(out platforms.Outbound) {
	if out.Partial {
		return // requests are answered whole
	}
	e.mu.Lock()
	ch := e.pending[out.Receipt]
	delete(e.pending, out.Receipt)
	e.mu.Unlock()
	if ch != nil {
		ch <- out
	}
}

// Close ends every wait: the adapter is stopping for good, and no reply
// will come. Each waiting request sees a closed channel and answers 503.
func (e *Exchange) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for receipt, ch := range e.pending {
		close(ch)
		delete(e.pending, receipt)
	}
}
