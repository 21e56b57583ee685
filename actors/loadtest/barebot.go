package loadtest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"switchboard/platforms/telegram"
)

// bareBots are the e2e baseline: one go-telegram/bot echo bot per token,
// written as the library's README writes one (bot.New with the server URL
// and a default handler that echoes with SendMessage, then Start). Each bot
// gets an HTTP client shaped like the gateway's, with a transport of its
// own and the same timeouts, so that the comparison is of the bots and not
// of connection pools. A bare bot records nothing durably.
type bareBots struct {
	origin    time.Time
	cancel    context.CancelFunc
	running   sync.WaitGroup
	clients   []*http.Client
	handledAt []atomic.Int64 // when each message's handler began, ns since origin + 1
	handled   atomic.Int64   // handlers finished
	failures  atomic.Int64
	mu        sync.Mutex
	kept      []string
	// pushed counts the updates pushed to the bots, which stop waits for.
	pushed  func() int64
	timeout time.Duration
}

// startBareBots starts the bare bots of an e2e run.
func startBareBots(cfg Config) func(*e2eRun) (e2eSystem, error) {
	return func(r *e2eRun) (e2eSystem, error) {
		return newBareBots(r.srv.URL(), r.tokens, cfg.PollTimeout, r.l.total(), r.pushed, cfg.Timeout)
	}
}

func newBareBots(apiURL string, tokens []string, poll time.Duration, messages int, pushed func() int64,
	timeout time.Duration) (*bareBots, error) {
	if !strings.HasPrefix(apiURL, loopbackURL) {
		return nil, fmt.Errorf("bare bots: api_url %q is not on 127.0.0.1", apiURL)
	}
	ctx, cancel := context.WithCancel(context.Background())
	bb := &bareBots{origin: time.Now(), cancel: cancel, handledAt: make([]atomic.Int64, messages),
		pushed: pushed, timeout: timeout}
	for _, tok := range tokens {
		client := &http.Client{Timeout: poll + max(5*time.Second, poll/3),
			Transport: http.DefaultTransport.(*http.Transport).Clone()}
		b, err := bot.New(tok, bot.WithServerURL(apiURL), bot.WithHTTPClient(poll+time.Second, client),
			bot.WithDefaultHandler(bb.handle), bot.WithErrorsHandler(bb.fail))
		if err != nil {
			bb.halt()
			return nil, fmt.Errorf("bare bot %s: %s", telegram.BotID(tok), telegram.Redact(err.Error()))
		}
		bb.clients = append(bb.clients, client)
		bb.running.Go(func() { b.Start(ctx) })
	}
	return bb, nil
}

// handle echoes a message back to its chat.
func (bb *bareBots) handle(ctx context.Context, b *bot.Bot, u *models.Update) {
	defer bb.handled.Add(1)
	if u.Message == nil {
		return
	}
	if seq, ok := parseMessageText(u.Message.Text); ok && seq < len(bb.handledAt) {
		bb.handledAt[seq].CompareAndSwap(0, int64(time.Since(bb.origin))+1)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text}); err != nil {
		bb.fail(err)
	}
}

// fail counts a failed call and keeps the first few, redacted.
func (bb *bareBots) fail(err error) {
	bb.failures.Add(1)
	bb.mu.Lock()
	defer bb.mu.Unlock()
	if len(bb.kept) < keptErrors {
		bb.kept = append(bb.kept, "bare bot: "+telegram.Redact(err.Error()))
	}
}

func (bb *bareBots) receivedAt(seq int, _ updateKey) (time.Time, bool) {
	if seq >= len(bb.handledAt) {
		return time.Time{}, false
	}
	ns := bb.handledAt[seq].Load()
	return bb.origin.Add(time.Duration(ns - 1)), ns > 0
}

// stop waits until a handler has run for every pushed update, since the
// library does not wait for its handler goroutines, then stops the bots.
func (bb *bareBots) stop(ctx context.Context) error {
	var err error
	if !waitFor(ctx, bb.timeout, func() bool { return bb.handled.Load() >= bb.pushed() }) {
		err = fmt.Errorf("bare bots: %d of %d updates handled", bb.handled.Load(), bb.pushed())
	}
	bb.halt()
	return err
}

// halt stops every bot and closes its idle connections.
func (bb *bareBots) halt() {
	bb.cancel()
	bb.running.Wait()
	for _, c := range bb.clients {
		c.CloseIdleConnections()
	}
}

func (bb *bareBots) problems() (int, []string) {
	bb.mu.Lock()
	defer bb.mu.Unlock()
	return int(bb.failures.Load()), append([]string(nil), bb.kept...)
}
