package telegram

import (
	"context"
	"fmt"
	"strconv"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"switchboard/platforms"
)

// Send delivers one reply to the chat (and topic) it answers. An empty
// reply sends nothing.
func (p *Poller) Send(ctx context.Context, out platforms.Outbound) error {
	if out.Text == "" {
		return nil
	}
	chatID, err := strconv.ParseInt(out.Source.ChatID, 10, 64)
	if err != nil {
		return fmt.Errorf("telegram sendMessage: profile %q: chat id %q is not a number", p.profile, out.Source.ChatID)
	}
	params := &bot.SendMessageParams{ChatID: chatID, Text: out.Text}
	if out.Source.ThreadID != "" {
		if params.MessageThreadID, err = strconv.Atoi(out.Source.ThreadID); err != nil {
			return fmt.Errorf("telegram sendMessage: profile %q: thread id %q is not a number",
				p.profile, out.Source.ThreadID)
		}
	}
	if id, err := strconv.Atoi(out.ReplyTo); err == nil && out.Source.ChatType != "dm" {
		params.ReplyParameters = &models.ReplyParameters{MessageID: id, AllowSendingWithoutReply: true}
	}
	if _, err := p.bot.SendMessage(ctx, params); err != nil {
		return redactErr(fmt.Errorf("telegram sendMessage: profile %q: chat %d: %w", p.profile, chatID, err))
	}
	return nil
}
