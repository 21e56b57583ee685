package telegramtest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"switchboard/platforms/telegram/telegramtest"
)

const (
	tokenA = "111111:AAsecret-alpha"
	tokenB = "222222:BBsecret-beta"
)

// newServer starts a server with bots A and B and closes it after the test.
func newServer(t *testing.T) *telegramtest.Server {
	t.Helper()
	srv := telegramtest.New(telegramtest.WithUpdateIDBase(1000))
	t.Cleanup(srv.Close)
	srv.AddBot(tokenA, "alpha_bot")
	srv.AddBot(tokenB, "beta_bot")
	return srv
}

// newClient connects the go-telegram/bot client to srv; it calls getMe.
func newClient(t *testing.T, srv *telegramtest.Server, token string, opts ...bot.Option) *bot.Bot {
	t.Helper()
	opts = append([]bot.Option{bot.WithServerURL(srv.URL()), bot.WithErrorsHandler(func(error) {})}, opts...)
	b, err := bot.New(token, opts...)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

// reply is a decoded Bot API answer plus its HTTP status.
type reply struct {
	Status      int             `json:"-"`
	Raw         string          `json:"-"`
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter      int   `json:"retry_after"`
		MigrateToChatID int64 `json:"migrate_to_chat_id"`
	} `json:"parameters"`
}

// post sends a raw request and decodes the envelope. It does not touch t,
// so goroutines may use it.
func post(ctx context.Context, target, contentType, body string) (reply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		return reply{}, fmt.Errorf("new request: %w", err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, fmt.Errorf("read answer: %w", err)
	}
	r := reply{Status: resp.StatusCode, Raw: string(raw)}
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("decode %q: %w", raw, err)
	}
	return r, nil
}

// call posts form to method and fails the test on a transport error.
func call(t *testing.T, srv *telegramtest.Server, token, method string, form url.Values) reply {
	t.Helper()
	r, err := post(context.Background(), methodURL(srv, token, method),
		"application/x-www-form-urlencoded", form.Encode())
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	return r
}

// methodURL is the URL of method for token.
func methodURL(srv *telegramtest.Server, token, method string) string {
	return srv.URL() + "/bot" + token + "/" + method
}

// updates calls getUpdates and decodes the result.
func updates(t *testing.T, srv *telegramtest.Server, token string, form url.Values) []models.Update {
	t.Helper()
	r := call(t, srv, token, "getUpdates", form)
	if !r.OK {
		t.Fatalf("getUpdates: %d %s", r.ErrorCode, r.Description)
	}
	var got []models.Update
	if err := json.Unmarshal(r.Result, &got); err != nil {
		t.Fatalf("decode updates: %v", err)
	}
	return got
}

// ids lists the update ids of us.
func ids(us []models.Update) []int64 {
	out := make([]int64, len(us))
	for i, u := range us {
		out[i] = u.ID
	}
	return out
}

// waitFor polls cond until it holds, failing the test after five seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// inFlight reports whether a call of method is still unanswered.
func inFlight(srv *telegramtest.Server, method string) func() bool {
	return func() bool {
		for _, c := range srv.Calls() {
			if c.Method == method && c.End.IsZero() {
				return true
			}
		}
		return false
	}
}
