package telegram

import (
	"strconv"

	"github.com/go-telegram/bot/models"

	"switchboard/platforms"
)

// inbound turns an update into an Inbound. Updates that carry no text
// message for the agent report false and are skipped.
func (p *Poller) inbound(u *models.Update) (platforms.Inbound, bool) {
	m := u.Message
	if m == nil || m.Text == "" || m.From == nil {
		return platforms.Inbound{}, false
	}
	src := platforms.Source{
		Platform: Platform,
		ChatType: chatType(m.Chat.Type),
		ChatID:   strconv.FormatInt(m.Chat.ID, 10),
		UserID:   strconv.FormatInt(m.From.ID, 10),
		UserName: m.From.Username,
	}
	if m.IsTopicMessage && m.MessageThreadID != 0 {
		src.ThreadID = strconv.Itoa(m.MessageThreadID)
	}
	return platforms.Inbound{
		Source:    src,
		Text:      m.Text,
		MessageID: strconv.Itoa(m.ID),
	}, true
}

// chatType maps Telegram's chat types onto the gateway's.
func chatType(t models.ChatType) string {
	switch t {
	case models.ChatTypePrivate:
		return platforms.ChatDM
	case models.ChatTypeChannel:
		return platforms.ChatChannel
	default:
		return platforms.ChatGroup
	}
}
