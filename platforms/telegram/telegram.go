// Package telegram is Switchboard's Telegram adapter: it long-polls the Bot
// API for one profile's bot with a loop of its own, turns messages into
// platform-neutral Inbounds, and sends replies through the same bot.
//
// The loop is ours rather than go-telegram/bot's Start because Start
// confirms updates before they are handled, retries every error alike and
// ignores retry_after; the library's types and send methods are used as is.
package telegram

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-telegram/bot"
	"github.com/rs/zerolog"

	"switchboard/actors/backoff"
	"switchboard/actors/store"
	"switchboard/config"
	"switchboard/platforms"
)

// Platform is the name of this platform in config keys and session keys.
const Platform = "telegram"

// minPollSlack is the least extra time the HTTP client waits beyond the
// long poll itself, so that a slow answer is not mistaken for a dead
// connection while a hung one is still noticed.
const minPollSlack = 5 * time.Second

// clientTimeout is the HTTP client's timeout for a long poll of d: d plus a
// third of d, and at least minPollSlack more.
func clientTimeout(d time.Duration) time.Duration {
	return d + max(minPollSlack, d/3)
}

// Poller is one profile's Telegram bot in long-polling mode.
type Poller struct {
	profile     string
	botID       string
	token       string
	apiURL      string
	pollTimeout time.Duration
	client      *http.Client
	bot         *bot.Bot
	log         zerolog.Logger

	// offset is the next update id to ask for. It lives across restarts of
	// the adapter actor so that a restart does not fetch handled updates
	// again.
	offset int64
	// username is the bot's own @name, learned from getMe at start.
	username string
	// conflicts counts 409 answers since the last successful poll.
	conflicts int
	restart   backoff.Policy
	parseMode string
	chats     chatBook
	streams   streams
	// inbox records updates durably; nil polls without one (tests).
	inbox store.Inbox
	// hook is set in webhook mode.
	hook *webhook
	// defaultProfile is true for the profile served without a prefix.
	defaultProfile bool
}

var (
	_ platforms.Adapter      = (*Poller)(nil)
	_ platforms.Credentialed = (*Poller)(nil)
	_ platforms.Acker        = (*Poller)(nil)
	_ platforms.Typer        = (*Poller)(nil)
)

// New builds the poller for one profile's bot. It makes no network call.
// inbox makes intake durable; nil polls without one.
func New(profile string, cfg config.Telegram, inbox store.Inbox, log zerolog.Logger) (*Poller, error) {
	token := strings.TrimSpace(cfg.Token.Reveal())
	id := BotID(token)
	if id == "" {
		return nil, fmt.Errorf("telegram: profile %q: token is not a bot token "+
			"(expected <bot id>:<secret> from @BotFather)", profile)
	}
	apiURL := strings.TrimRight(cfg.APIURL, "/")
	if apiURL == "" {
		apiURL = config.DefaultAPIURL
	}
	client := &http.Client{
		Timeout:   clientTimeout(cfg.PollTimeout),
		Transport: http.DefaultTransport.(*http.Transport).Clone(),
	}
	b, err := bot.New(token,
		bot.WithServerURL(apiURL),
		bot.WithSkipGetMe(),
		bot.WithHTTPClient(clientTimeout(cfg.PollTimeout), client),
		bot.WithNotAsyncHandlers(),
		// Our own loop takes updates; the library's queue would only cost
		// memory per bot.
		bot.WithUpdatesChannelCap(1),
	)
	if err != nil {
		return nil, redactErr(fmt.Errorf("telegram: profile %q: %w", profile, err))
	}
	return &Poller{
		profile:        profile,
		botID:          id,
		token:          token,
		apiURL:         apiURL,
		pollTimeout:    cfg.PollTimeout,
		client:         client,
		bot:            b,
		parseMode:      cfg.ParseMode,
		inbox:          inbox,
		defaultProfile: profile == config.DefaultProfile,
		restart: backoff.Policy{
			Initial: cfg.Restart.Initial, Max: cfg.Restart.Max, Jitter: float64(cfg.Restart.JitterPercent) / 100,
		},
		log: log.With().Str("platform", Platform).Str("bot_id", id).Logger(),
	}, nil
}

// Platform returns "telegram".
func (p *Poller) Platform() string { return Platform }

// BotID returns the public id of the bot (the digits before the token's
// colon), safe to log.
func (p *Poller) BotID() string { return p.botID }

// Fingerprint identifies the bot token without revealing it.
func (p *Poller) Fingerprint() string { return platforms.Fingerprint(p.token) }

// AccountID returns the bot id.
func (p *Poller) AccountID() string { return p.botID }

// RestartPolicy is the backoff between restarts of this bot's adapter.
func (p *Poller) RestartPolicy() backoff.Policy { return p.restart }

// conflictsBeforeWarning is how many 409s in a row, with no successful poll
// between them, mean another process polls this token rather than a
// leftover connection of our own.
const conflictsBeforeWarning = 3

// classify wraps a Bot API error in a platforms.Failure with its status
// code. Only a rejected token is permanent.
func (p *Poller) classify(err error) error {
	var tooMany *bot.TooManyRequestsError
	f := &platforms.Failure{Code: "server_error", Err: err}
	switch {
	case errors.Is(err, bot.ErrorUnauthorized):
		f.Code, f.Permanent = "unauthorized", true
		f.Err = fmt.Errorf("%w; the token was revoked or mistyped: get the current one from @BotFather", err)
	case errors.Is(err, bot.ErrorConflict):
		f.Code = "conflict"
		// The next poll must not reuse the connection Telegram just cut.
		p.client.CloseIdleConnections()
		if p.conflicts++; p.conflicts >= conflictsBeforeWarning {
			f.Code = "polling_conflict"
			f.Err = fmt.Errorf("%w; another process is polling this bot token (bot id %s): stop it, "+
				"or give one of them a different token", err, p.botID)
		}
	case errors.As(err, &tooMany):
		f.Code = "rate_limited"
		f.RetryAfter = time.Duration(tooMany.RetryAfter) * time.Second
	case errors.Is(err, errNetwork):
		f.Code = "network"
	}
	return f
}

// Close releases idle connections. The gateway calls it once the adapter
// has stopped for good.
func (p *Poller) Close() { p.client.CloseIdleConnections() }
