package telegram

import (
	"errors"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"go.uber.org/goleak"

	"switchboard/config"
	"switchboard/platforms"
	"switchboard/platforms/telegram/telegramtest"
)

const testToken = "4242:AAtest-secret-part-0123456789xyz"

// newTestPoller returns a poller for testToken against a fresh fake Bot API.
func newTestPoller(t testing.TB, parseMode string) (*Poller, *telegramtest.Server) {
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

func errorsIsPermanent(err error) bool { return errors.Is(err, platforms.ErrPermanent) }

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
