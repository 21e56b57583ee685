package telegramtest

import (
	"cmp"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Fault is one scripted misbehaviour, applied to one call before the method
// runs. The zero Fault answers normally. Delay combines with every other
// field; of the rest the first set in the order Hang, Reset, Raw, error
// envelope decides the answer.
type Fault struct {
	// Code makes the answer a Telegram error envelope with this error_code,
	// for example 429, 500 or 403. When 0, RetryAfter implies 429,
	// MigrateToChatID implies 400 and Status alone is used as the code.
	Code int
	// Description is the envelope's description. Empty gives Telegram's usual
	// text for the code, such as "Too Many Requests: retry after 5".
	Description string
	// Status overrides the HTTP status, which is otherwise Code; with Raw it
	// sets the status of the raw body (default Code, else 200).
	Status int
	// RetryAfter sets parameters.retry_after, in seconds.
	RetryAfter int
	// MigrateToChatID sets parameters.migrate_to_chat_id, as when a group
	// became a supergroup.
	MigrateToChatID int64
	// Delay holds the call this long before answering, normally or with the
	// fault. The client going away or Close ends the wait without an answer.
	Delay time.Duration
	// Hang never answers: the call is held until the client gives up or the
	// server closes.
	Hang bool
	// Reset closes the TCP connection with a reset and no answer.
	Reset bool
	// Raw is sent as the body instead of a JSON envelope, for example an HTML
	// error page from a proxy with Status 502.
	Raw string
}

// Fail queues faults for the next calls of method on token, one per call in
// order; calls after the last fault are answered normally again, and a zero
// Fault in the list lets one call through. The method name is
// case-insensitive and need not be one the fake implements. Faults apply
// after the token check and before the method runs, and faulted calls are
// recorded in Calls like any other. A faulted getUpdates counts as in flight
// for ConcurrentPolls, but a newer poll does not cut its fault short. Fail
// panics if token was never added.
func (s *Server) Fail(token, method string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.mustBot(token, "Fail")
	key := strings.ToLower(method)
	b.faults[key] = append(b.faults[key], faults...)
}

// nextFault takes the next scripted fault for method, if any.
func (s *Server) nextFault(b *botState, method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	queue := b.faults[method]
	if len(queue) == 0 {
		return Fault{}, false
	}
	b.faults[method] = queue[1:]
	return queue[0], true
}

// applyFault carries out f and reports whether the call is finished; false
// means the method should now run normally.
func (c *call) applyFault(f Fault, closing <-chan struct{}) bool {
	if f.Delay > 0 {
		if err := c.hold(time.After(f.Delay), closing); err != nil {
			c.answer(nil, err)
			return true
		}
	}
	switch {
	case f.Hang:
		c.answer(nil, c.hold(nil, closing))
	case f.Reset:
		c.reset()
	case f.Raw != "":
		c.writeRaw(f)
	case f.errorCode() != 0:
		c.answer(nil, f.apiError())
	default:
		return false
	}
	return true
}

// hold waits for done (nil waits forever) and returns nil, or the reason the
// wait was cut short: the client went away or the server is closing.
func (c *call) hold(done <-chan time.Time, closing <-chan struct{}) error {
	select {
	case <-done:
		return nil
	case <-c.r.Context().Done():
		return errClientGone
	case <-closing:
		return errShutdown
	}
}

// reset takes over the connection and closes it with a TCP reset.
func (c *call) reset() {
	conn, _, err := http.NewResponseController(c.w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // cannot hijack: drop the response instead
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		// A failed SetLinger only turns the reset into a plain close; the
		// client gets no answer either way, so there is no one to report to.
		_ = tcp.SetLinger(0)
	}
	// Closing a connection we are deliberately breaking has nothing to report.
	_ = conn.Close()
}

// writeRaw sends f.Raw as the body.
func (c *call) writeRaw(f Fault) {
	status := cmp.Or(f.Status, f.Code, http.StatusOK)
	contentType := http.DetectContentType([]byte(f.Raw))
	if strings.HasPrefix(strings.TrimSpace(f.Raw), "{") {
		contentType = "application/json"
	}
	c.w.Header().Set("Content-Type", contentType)
	c.writeBody(status, []byte(f.Raw))
}

// errorCode is the error_code the fault answers with, 0 for none.
func (f Fault) errorCode() int {
	switch {
	case f.Code != 0:
		return f.Code
	case f.RetryAfter != 0:
		return http.StatusTooManyRequests
	case f.MigrateToChatID != 0:
		return http.StatusBadRequest
	}
	return f.Status
}

// apiError is the error envelope of the fault.
func (f Fault) apiError() *apiError {
	code := f.errorCode()
	desc := f.Description
	if desc == "" {
		desc = defaultDescription(code, f)
	}
	return &apiError{code: code, description: desc, retryAfter: f.RetryAfter,
		migrateToChatID: f.MigrateToChatID, httpStatus: f.Status}
}

// defaultDescription is Telegram's usual text for an error code.
func defaultDescription(code int, f Fault) string {
	switch {
	case code == http.StatusTooManyRequests:
		return fmt.Sprintf("Too Many Requests: retry after %d", f.RetryAfter)
	case code == http.StatusBadRequest && f.MigrateToChatID != 0:
		return "Bad Request: group chat was upgraded to a supergroup chat"
	case code == http.StatusForbidden:
		return "Forbidden: bot was blocked by the user"
	case code == http.StatusConflict:
		return errTerminatedByOther.description
	}
	return http.StatusText(code) // "Bad Request", "Unauthorized", "Internal Server Error", ...
}
