package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"switchboard/actors/store"
	"switchboard/platforms"
)

// ackTimeout bounds one inbox write confirming an update.
const ackTimeout = 5 * time.Second

// handle turns one recorded update into an Inbound for the profile. An
// update that carries nothing for the agent (an edit, a sticker, a member
// change, a kind this version does not know) is confirmed at once; a
// callback query is answered so the user's button stops spinning. A panic
// while reading an update sets that update aside for good, logged with its
// id, and the poll goes on.
func (p *Poller) handle(ctx context.Context, intake platforms.Intake, it store.Item) {
	defer func() {
		if r := recover(); r != nil {
			p.setAside(it.UpdateID, fmt.Sprintf("panic while reading the update: %v", r))
		}
	}()
	var u models.Update
	if err := json.Unmarshal(it.Payload, &u); err != nil {
		p.setAside(it.UpdateID, "update is not valid JSON for its kind: "+err.Error())
		return
	}
	if u.CallbackQuery != nil {
		go p.answerCallback(u.CallbackQuery.ID)
	}
	in, ok := p.inbound(&u)
	if !ok {
		p.done(it.UpdateID)
		return
	}
	in.Receipt = strconv.FormatInt(it.UpdateID, 10)
	intake.Deliver(in)
}

// Ack confirms an update as handled in the inbox.
func (p *Poller) Ack(receipt string) {
	id, err := strconv.ParseInt(receipt, 10, 64)
	if err != nil {
		p.log.Error().Str("receipt", receipt).Msg("ack for a receipt that is not an update id")
		return
	}
	p.done(id)
}

func (p *Poller) done(id int64) {
	if p.inbox == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
	defer cancel()
	if err := p.inbox.Done(ctx, p.botID, id); err != nil && !errors.Is(err, store.ErrUnknownUpdate) {
		p.log.Error().Err(err).Int64("update_id", id).Msg("update handled but not marked done; it may be answered again")
	}
}

func (p *Poller) setAside(id int64, reason string) {
	p.log.Error().Int64("update_id", id).Str("reason", reason).Msg("update set aside; it will not be retried")
	if p.inbox == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
	defer cancel()
	if err := p.inbox.SetAside(ctx, p.botID, id, reason); err != nil {
		p.log.Error().Err(err).Int64("update_id", id).Msg("could not set the update aside")
	}
}

// answerCallback stops the loading spinner of a pressed inline button.
func (p *Poller) answerCallback(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
	defer cancel()
	if _, err := p.bot.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id}); err != nil {
		p.log.Warn().Err(redactErr(err)).Msg("callback query not answered")
	}
}
