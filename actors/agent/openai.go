package agent

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"switchboard/actors/backoff"
)

// Defaults for settings left at their zero value.
const (
	// DefaultTimeout bounds one upstream attempt.
	DefaultTimeout = 2 * time.Minute
	// DefaultHistoryTurns is how many earlier turns are sent upstream.
	DefaultHistoryTurns = 20
	// DefaultRetries is how many times a failed attempt is tried again.
	DefaultRetries = 2
	// DefaultRetryAfterMax is the longest Retry-After waited for.
	DefaultRetryAfterMax = 30 * time.Second
	// MaxRetries caps Retries, whatever is configured.
	MaxRetries = 10
)

// DefaultRetryBackoff spaces retries of upstream calls: 1s, 2s, 4s, ...
// up to 10s, each up to 20% shorter.
var DefaultRetryBackoff = backoff.Policy{Initial: time.Second, Max: 10 * time.Second, Jitter: 0.2}

// opOpenAI prefixes the OpenAI agent's errors.
const opOpenAI = "openai chat completions"

// OpenAIConfig configures an OpenAI agent. Zero values take the defaults
// named; nothing has a default URL, so nothing is contacted unless asked.
type OpenAIConfig struct {
	// BaseURL is the API root that /chat/completions is appended to, such
	// as https://api.openai.com/v1 or http://127.0.0.1:11434/v1. Required.
	BaseURL string
	// Model is the model id sent with every request. Required.
	Model string
	// APIKey is sent as "Authorization: Bearer <key>"; empty sends no
	// Authorization. It never appears in an error.
	APIKey string
	// SystemPrompt, when not empty, is sent first as a system message.
	SystemPrompt string
	// Temperature, when not nil, is sent as temperature.
	Temperature *float64
	// MaxTokens, when positive, is sent as max_tokens.
	MaxTokens int
	// Timeout bounds one attempt: the wait for the whole answer or, when
	// streaming, for each next piece of it. Default DefaultTimeout; it
	// cannot be turned off.
	Timeout time.Duration
	// HistoryTurns is how many earlier turns of the conversation are sent.
	// Default DefaultHistoryTurns; negative sends none.
	HistoryTurns int
	// Retries is how many times an attempt that timed out or got a 5xx,
	// 408 or 429 is tried again, at most MaxRetries. Default
	// DefaultRetries; negative tries once only.
	Retries int
	// RetryBackoff spaces the retries. Default DefaultRetryBackoff.
	RetryBackoff backoff.Policy
	// RetryAfterMax is the longest Retry-After the agent waits for; a
	// longer one fails the turn at once. Default DefaultRetryAfterMax;
	// negative waits for none.
	RetryAfterMax time.Duration
}

// String describes c without its key or any password in its URL.
func (c OpenAIConfig) String() string {
	return fmt.Sprintf("openai{base_url: %s, model: %s, api_key: %s}", redactURL(c.BaseURL), c.Model, hidden(c.APIKey))
}

// GoString keeps %#v from printing the key.
func (c OpenAIConfig) GoString() string { return c.String() }

// OpenAI is an agent backed by any OpenAI-compatible chat-completions
// server. It is safe for concurrent turns.
type OpenAI struct {
	cfg      OpenAIConfig
	endpoint string
	caller   *caller
}

var _ Conversant = (*OpenAI)(nil)

// NewOpenAI checks cfg and returns an agent using it. Close it when done.
func NewOpenAI(cfg OpenAIConfig) (*OpenAI, error) {
	endpoint, err := endpointURL(cfg.BaseURL, "chat/completions")
	if err != nil {
		return nil, fmt.Errorf("openai agent: base_url %w", err)
	}
	if cfg.Model == "" {
		return nil, errors.New("openai agent: model is required")
	}
	cfg = cfg.withDefaults()
	caller := newCaller(cfg.Timeout, cfg.APIKey, urlPassword(cfg.BaseURL))
	return &OpenAI{cfg: cfg, endpoint: endpoint, caller: caller}, nil
}

func (c OpenAIConfig) withDefaults() OpenAIConfig {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	c.HistoryTurns = orDefault(c.HistoryTurns, DefaultHistoryTurns)
	c.Retries = min(max(orDefault(c.Retries, DefaultRetries), 0), MaxRetries)
	c.RetryAfterMax = orDefault(c.RetryAfterMax, DefaultRetryAfterMax)
	if c.RetryBackoff == (backoff.Policy{}) {
		c.RetryBackoff = DefaultRetryBackoff
	}
	return c
}

// Close drops the agent's idle connections. Turns still running finish.
func (a *OpenAI) Close() error {
	a.caller.close()
	return nil
}

// Respond answers t with no history and no streaming.
func (a *OpenAI) Respond(ctx context.Context, t Turn) (Reply, error) {
	return a.Converse(ctx, Request{Turn: t})
}

// Converse sends the system prompt, the window of r's history and r's text,
// and returns the model's reply. Attempts that time out or get a 5xx, 408
// or 429 are tried again after a backoff (or the Retry-After, up to
// RetryAfterMax), except once part of a streamed reply was delivered. A
// failure after that is a *UserError; the end of ctx returns ctx's error.
func (a *OpenAI) Converse(ctx context.Context, r Request) (Reply, error) {
	body, err := a.encode(r)
	if err != nil {
		return Reply{}, fmt.Errorf("%s: encode request: %w", opOpenAI, err)
	}
	attempts := a.cfg.Retries + 1
	var streamed bool
	var f *failure
	for n := 1; n <= attempts; n++ {
		text, err := a.try(ctx, body, r.OnDelta, &streamed)
		if err == nil {
			return Reply{Text: text}, nil
		}
		if !errors.As(err, &f) {
			return Reply{}, fmt.Errorf("%s: %w", opOpenAI, err)
		}
		wait, again := a.retryWait(f, n, streamed)
		if !again || n == attempts {
			return Reply{}, f.userError(opOpenAI, n)
		}
		if err := backoff.Sleep(ctx, wait); err != nil {
			return Reply{}, fmt.Errorf("%s: %w", opOpenAI, err)
		}
	}
	return Reply{}, f.userError(opOpenAI, attempts) // not reached: the last attempt returns
}

// retryWait decides whether attempt n, which failed with f, is tried again
// and after how long.
func (a *OpenAI) retryWait(f *failure, n int, streamed bool) (time.Duration, bool) {
	if !f.retryable() || streamed {
		return 0, false
	}
	if f.retryAfter > a.cfg.RetryAfterMax {
		f.detail += fmt.Sprintf("; Retry-After %v is beyond the %v this agent waits", f.retryAfter, a.cfg.RetryAfterMax)
		return 0, false
	}
	return max(a.cfg.RetryBackoff.Delay(n, nil), f.retryAfter), true
}

// try makes one attempt. It sets *streamed once a delta went to onDelta.
func (a *OpenAI) try(ctx context.Context, body []byte, onDelta func(string), streamed *bool) (string, error) {
	at := a.caller.begin(ctx)
	defer at.end()
	header := http.Header{"Accept": {"application/json"}}
	if onDelta != nil {
		header.Set("Accept", "text/event-stream")
	}
	if a.cfg.APIKey != "" {
		header.Set("Authorization", "Bearer "+a.cfg.APIKey)
	}
	resp, err := a.caller.post(at, a.endpoint, body, header)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	return a.caller.readChat(at, resp, onDelta, streamed)
}

// endpointURL joins elem to base, which must be an absolute http or https
// URL. Its error names no URL, which may hold credentials.
func endpointURL(base, elem string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("must be an absolute http or https URL")
	}
	if elem != "" {
		u = u.JoinPath(elem)
	}
	return u.String(), nil
}

// redactURL returns raw with any password replaced, or a placeholder when
// it does not parse.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "[unparsable]"
	}
	return u.Redacted()
}

// urlPassword returns the password in raw's userinfo, or "".
func urlPassword(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return ""
	}
	p, _ := u.User.Password() // false only when there is none, which is ""
	return p
}

// hidden stands in for a secret in descriptions.
func hidden(secret string) string {
	if secret == "" {
		return "none"
	}
	return "[redacted]"
}

// orDefault returns def when v is 0, else v; a negative v means "none" to
// its setting.
func orDefault[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}
