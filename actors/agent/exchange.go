package agent

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"
)

// errAttemptTimeout is the cause an attempt's context ends with when its
// watchdog fires.
var errAttemptTimeout = errors.New("attempt timed out")

// caller is what the HTTP backends share: a connection pool of their own,
// the timeout of one attempt, and the secrets kept out of every error.
type caller struct {
	client  *http.Client
	timeout time.Duration
	secrets []string
}

// newCaller returns a caller whose client never follows redirects, so that
// a request and its credentials go only where they were configured to.
func newCaller(timeout time.Duration, secrets ...string) *caller {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 16
	return &caller{
		client: &http.Client{
			Transport:     tr,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		timeout: timeout,
		secrets: secrets,
	}
}

// close drops the caller's idle connections.
func (c *caller) close() {
	c.client.CloseIdleConnections()
}

// attempt is one request and the reading of its answer. Its context ends
// when the parent's does, or with errAttemptTimeout when no progress was
// made within the caller's timeout.
type attempt struct {
	parent   context.Context
	ctx      context.Context
	cancel   context.CancelCauseFunc
	watchdog *time.Timer
	timeout  time.Duration
}

func (c *caller) begin(ctx context.Context) *attempt {
	actx, cancel := context.WithCancelCause(ctx)
	watchdog := time.AfterFunc(c.timeout, func() { cancel(errAttemptTimeout) })
	return &attempt{parent: ctx, ctx: actx, cancel: cancel, watchdog: watchdog, timeout: c.timeout}
}

// progress gives the attempt another full timeout, as a streamed answer
// does each time a piece arrives.
func (at *attempt) progress() {
	at.watchdog.Reset(at.timeout)
}

// end releases the attempt; its response body must be read by then.
func (at *attempt) end() {
	at.watchdog.Stop()
	at.cancel(nil)
}

// post sends body as JSON to endpoint and returns the 2xx response, or
// why there is none: a *failure, or the parent context's error.
func (c *caller) post(at *attempt, endpoint string, body []byte, header http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(at.ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, failf(ErrMisconfigured, "build request: %v", c.redact(stripURL(err).Error()))
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "switchboard")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, c.lost(at, err)
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		return nil, c.statusFailure(resp)
	}
	return resp, nil
}

// lost explains an error of sending or of reading an answer: the parent
// context's error when it ended, else a failure.
func (c *caller) lost(at *attempt, err error) error {
	switch {
	case at.parent.Err() != nil:
		return at.parent.Err()
	case context.Cause(at.ctx) == errAttemptTimeout:
		return failf(ErrTimeout, "no answer within %v", at.timeout)
	case errors.Is(err, errTooLarge):
		return failf(ErrMalformed, "%v", err)
	}
	return failf(ErrUnavailable, "%s", c.redact(stripURL(err).Error()))
}

// stripURL drops the URL a *url.Error names, which may carry credentials.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
