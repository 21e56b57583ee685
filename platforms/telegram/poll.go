package telegram

import (
	"context"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"

	"switchboard/platforms"
)

// confirmTimeout bounds the confirming call made while stopping.
const confirmTimeout = 2 * time.Second

// getUpdatesParams is the body of a getUpdates call.
type getUpdatesParams struct {
	Offset  int64 `json:"offset,omitempty"`
	Limit   int   `json:"limit,omitempty"`
	Timeout int   `json:"timeout,omitempty"`
}

// Run checks the token with getMe, then long-polls until ctx ends. Every
// update in a batch is handed to deliver before the next call confirms it
// to Telegram through a higher offset.
func (p *Poller) Run(ctx context.Context, intake platforms.Intake) error {
	var me models.User
	if err := p.call(ctx, "getMe", struct{}{}, &me); err != nil {
		return p.stopped(ctx, err)
	}
	p.username = me.Username
	// A webhook left set makes getUpdates fail with 409. Removing it keeps
	// the updates Telegram holds; they arrive through the first poll.
	if err := p.call(ctx, "deleteWebhook", map[string]bool{"drop_pending_updates": false}, nil); err != nil {
		return p.stopped(ctx, err)
	}
	p.log.Info().Str("username", me.Username).Msg("telegram bot connected")
	for {
		var updates []models.Update
		params := getUpdatesParams{Offset: p.offset, Limit: 100, Timeout: int(p.pollTimeout.Seconds())}
		if err := p.call(ctx, "getUpdates", params, &updates); err != nil {
			return p.stopped(ctx, err)
		}
		p.conflicts = 0
		intake.Progress()
		for i := range updates {
			u := &updates[i]
			if in, ok := p.inbound(u); ok {
				intake.Deliver(in)
			}
			p.offset = u.ID + 1
		}
	}
}

// stopped turns the error that ended Run into its result: nil when the
// gateway asked the poller to stop, a classified error otherwise.
func (p *Poller) stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		p.confirm()
		return nil
	}
	return p.classify(fmt.Errorf("profile %q: %w", p.profile, err))
}

// confirm tells Telegram, with a last short getUpdates, that every update
// handed over so far is taken, so that the next start does not fetch them
// again. Whatever that call returns stays unconfirmed and comes back then.
func (p *Poller) confirm() {
	if p.offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), confirmTimeout)
	defer cancel()
	var ignored []models.Update
	params := getUpdatesParams{Offset: p.offset, Limit: 1}
	if err := p.call(ctx, "getUpdates", params, &ignored); err != nil {
		p.log.Warn().Err(err).Msg("could not confirm the last updates; they may be answered again")
	}
}
