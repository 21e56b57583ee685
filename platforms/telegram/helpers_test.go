package telegram

import (
	"testing"
	"time"

	"github.com/rs/zerolog"

	"switchboard/config"
	"switchboard/platforms/telegram/telegramtest"
)

const testToken = "4242:AAtest-secret-part-0123456789xyz"

// newTestPoller returns a poller for testToken against a fresh fake Bot API.
func newTestPoller(t *testing.T, parseMode string) (*Poller, *telegramtest.Server) {
	t.Helper()
	srv := telegramtest.New()
	t.Cleanup(func() {
		if n := srv.ConcurrentPolls(); n != 0 {
			t.Errorf("the fake Bot API saw %d overlapping getUpdates", n)
		}
		srv.Close()
	})
	srv.AddBot(testToken, "test_bot")
	p, err := New("default", config.Telegram{
		Enabled: true, Token: testToken, APIURL: srv.URL(), PollTimeout: time.Second, ParseMode: parseMode,
		Restart: config.Backoff{Initial: 10 * time.Millisecond, Max: 100 * time.Millisecond},
	}, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p, srv
}
