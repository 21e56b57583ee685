package telegram

import (
	"strconv"
	"strings"

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
	in := platforms.Inbound{Source: src, Text: m.Text, MessageID: strconv.Itoa(m.ID)}
	if name, _, ok := Command(m, p.username); ok {
		in.Command = name
	} else if isCommandForAnotherBot(m.Text) {
		return platforms.Inbound{}, false
	}
	return in, true
}

// isCommandForAnotherBot reports a leading "/cmd@otherbot": in a group it
// is meant for another bot, and this one stays silent.
func isCommandForAnotherBot(text string) bool {
	if !strings.HasPrefix(text, "/") {
		return false
	}
	word, _, _ := strings.Cut(text, " ")
	return strings.Contains(word, "@")
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
