package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// maxHTTPAnswer caps the answer of an operator's agent service.
const maxHTTPAnswer = 1 << 20

// opHTTP prefixes the HTTP agent's errors.
const opHTTP = "http agent"

// HTTPConfig configures an HTTP agent. Zero values take the defaults named.
type HTTPConfig struct {
	// URL is the operator's agent service; every turn is POSTed to it.
	// Required: an absolute http or https URL.
	URL string
	// Token, when not empty, is sent as "Authorization: Bearer <token>".
	// It never appears in an error.
	Token string
	// Timeout bounds one turn's exchange. Default DefaultTimeout.
	Timeout time.Duration
	// HistoryTurns is how many earlier turns of the conversation are sent.
	// Default DefaultHistoryTurns; negative sends none.
	HistoryTurns int
}

// String describes c without its token or any password in its URL.
func (c HTTPConfig) String() string {
	return fmt.Sprintf("http{url: %s, token: %s}", redactURL(c.URL), hidden(c.Token))
}

// GoString keeps %#v from printing the token.
func (c HTTPConfig) GoString() string { return c.String() }

// HTTP is an agent backed by the operator's own service. Each turn is one
// POST of a JSON object:
//
//	{"profile": "alpha", "session_key": "agent:alpha:telegram:private:42",
//	 "source": {"platform": "telegram", "chat_type": "private",
//	            "chat_id": "42", "user_id": "42", "thread_id": ""},
//	 "text": "hello",
//	 "history": [{"role": "user", "content": "hi"},
//	             {"role": "assistant", "content": "hi there"}]}
//
// answered 2xx with {"text": "..."}; an empty text sends nothing. A turn is
// not retried, since the service may act on it; it retries on its own
// terms. It is safe for concurrent turns.
type HTTP struct {
	cfg      HTTPConfig
	endpoint string
	caller   *caller
}

var _ Conversant = (*HTTP)(nil)

// NewHTTP checks cfg and returns an agent using it. Close it when done.
func NewHTTP(cfg HTTPConfig) (*HTTP, error) {
	endpoint, err := endpointURL(cfg.URL, "")
	if err != nil {
		return nil, fmt.Errorf("http agent: url %w", err)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	cfg.HistoryTurns = orDefault(cfg.HistoryTurns, DefaultHistoryTurns)
	caller := newCaller(cfg.Timeout, cfg.Token, urlPassword(cfg.URL))
	return &HTTP{cfg: cfg, endpoint: endpoint, caller: caller}, nil
}

// Close drops the agent's idle connections. Turns still running finish.
func (h *HTTP) Close() error {
	h.caller.close()
	return nil
}

// Respond answers t with no history.
func (h *HTTP) Respond(ctx context.Context, t Turn) (Reply, error) {
	return h.Converse(ctx, Request{Turn: t})
}

// Converse posts r, with the window of its history, and returns the text
// the service answers. It does not stream. A failed exchange is a
// *UserError; the end of ctx returns ctx's error.
func (h *HTTP) Converse(ctx context.Context, r Request) (Reply, error) {
	body, err := json.Marshal(h.turn(r))
	if err != nil {
		return Reply{}, fmt.Errorf("%s: encode turn: %w", opHTTP, err)
	}
	text, err := h.exchange(ctx, body)
	var f *failure
	switch {
	case err == nil:
		return Reply{Text: text}, nil
	case errors.As(err, &f):
		return Reply{}, f.userError(opHTTP, 1)
	}
	return Reply{}, fmt.Errorf("%s: %w", opHTTP, err)
}

// exchange posts body and reads the answer's text.
func (h *HTTP) exchange(ctx context.Context, body []byte) (string, error) {
	at := h.caller.begin(ctx)
	defer at.end()
	header := http.Header{"Accept": {"application/json"}}
	if h.cfg.Token != "" {
		header.Set("Authorization", "Bearer "+h.cfg.Token)
	}
	resp, err := h.caller.post(at, h.endpoint, body, header)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	raw, err := readAtMost(resp.Body, maxHTTPAnswer)
	if err != nil {
		return "", h.caller.lost(at, err)
	}
	var ans struct {
		Text *string `json:"text"`
	}
	if err := json.Unmarshal(raw, &ans); err != nil {
		return "", failf(ErrMalformed, "decode answer: %v", err)
	}
	if ans.Text == nil {
		return "", failf(ErrMalformed, `answer has no "text" string: %s`, h.caller.quote(string(raw)))
	}
	return *ans.Text, nil
}

// httpTurn is the JSON body of one turn.
type httpTurn struct {
	Profile    string     `json:"profile"`
	SessionKey string     `json:"session_key"`
	Source     httpSource `json:"source"`
	Text       string     `json:"text"`
	History    []Message  `json:"history"`
}

type httpSource struct {
	Platform string `json:"platform"`
	ChatType string `json:"chat_type"`
	ChatID   string `json:"chat_id"`
	UserID   string `json:"user_id"`
	ThreadID string `json:"thread_id"`
}

func (h *HTTP) turn(r Request) httpTurn {
	history := window(r.History, h.cfg.HistoryTurns)
	if history == nil {
		history = []Message{}
	}
	s := r.Source
	return httpTurn{
		Profile:    r.Profile,
		SessionKey: r.SessionKey,
		Source:     httpSource{s.Platform, s.ChatType, s.ChatID, s.UserID, s.ThreadID},
		Text:       r.Text,
		History:    history,
	}
}
