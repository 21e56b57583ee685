package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"

	"switchboard/actors/store"
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

// Run checks the token with getMe, removes a webhook left set, hands over
// the updates recorded before a crash but never handled, then long-polls
// until ctx ends. Each batch is recorded in the inbox before the next call
// confirms it to Telegram through a higher offset, and only updates not
// recorded before are handed over, so a crash neither loses nor repeats one.
func (p *Poller) Run(ctx context.Context, intake platforms.Intake) error {
	if p.hook != nil {
		return p.runWebhook(ctx, intake)
	}
	if err := p.connect(ctx); err != nil {
		return p.stopped(ctx, err)
	}
	if err := p.replay(ctx, intake); err != nil {
		return p.stopped(ctx, err)
	}
	intake.Connected()
	for {
		var raws []json.RawMessage
		params := getUpdatesParams{Offset: p.offset, Limit: 100, Timeout: int(p.pollTimeout.Seconds())}
		if err := p.call(ctx, "getUpdates", params, &raws); err != nil {
			return p.stopped(ctx, err)
		}
		p.conflicts = 0
		intake.Progress()
		batch, next := p.batch(raws)
		fresh, err := p.record(ctx, batch)
		if err != nil {
			return p.stopped(ctx, err)
		}
		for _, it := range fresh {
			p.handle(ctx, intake, it)
		}
		p.offset = max(p.offset, next)
	}
}

// connect learns the bot's username and removes any webhook, which would
// make getUpdates fail with 409. Removing it keeps the updates Telegram
// holds; they arrive through the first poll.
func (p *Poller) connect(ctx context.Context) error {
	if err := p.connectOnly(ctx); err != nil {
		return err
	}
	return p.call(ctx, "deleteWebhook", map[string]bool{"drop_pending_updates": false}, nil)
}

// connectOnly checks the token with getMe and learns the bot's username.
func (p *Poller) connectOnly(ctx context.Context) error {
	var me models.User
	if err := p.call(ctx, "getMe", struct{}{}, &me); err != nil {
		return err
	}
	p.username = me.Username
	p.log.Info().Str("username", me.Username).Msg("telegram bot connected")
	return nil
}

// replay hands over updates recorded but never handled, oldest first.
func (p *Poller) replay(ctx context.Context, intake platforms.Intake) error {
	if p.inbox == nil {
		return nil
	}
	items, err := p.inbox.Unfinished(ctx, p.botID)
	if err != nil {
		return fmt.Errorf("telegram inbox: %w", err)
	}
	if len(items) > 0 {
		p.log.Info().Int("updates", len(items)).Msg("handling updates left unanswered by the last run")
	}
	for _, it := range items {
		p.handle(ctx, intake, it)
	}
	return nil
}

// batch reads the update ids of one getUpdates answer and returns the
// updates with the offset that confirms them all. An entry without an id
// cannot be recorded; it is logged and skipped, and the offset still moves
// past it.
func (p *Poller) batch(raws []json.RawMessage) ([]store.Item, int64) {
	items := make([]store.Item, 0, len(raws))
	var next int64
	for _, raw := range raws {
		var head struct {
			ID *int64 `json:"update_id"`
		}
		if err := json.Unmarshal(raw, &head); err != nil || head.ID == nil {
			p.log.Error().Msg("update without an update_id skipped")
			continue
		}
		items = append(items, store.Item{UpdateID: *head.ID, Payload: raw})
		next = max(next, *head.ID+1)
	}
	return items, next
}

// record stores a batch in the inbox and returns the updates not seen
// before. Without an inbox every update counts as new.
func (p *Poller) record(ctx context.Context, batch []store.Item) ([]store.Item, error) {
	if p.inbox == nil || len(batch) == 0 {
		return batch, nil
	}
	fresh, err := p.inbox.Record(ctx, p.botID, batch)
	if err != nil {
		return nil, fmt.Errorf("telegram inbox: %w", err)
	}
	return fresh, nil
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
	var ignored []json.RawMessage
	params := getUpdatesParams{Offset: p.offset, Limit: 1}
	if err := p.call(ctx, "getUpdates", params, &ignored); err != nil {
		p.log.Warn().Err(err).Msg("could not confirm the last updates; Telegram sends them again at the next start")
	}
}
