package telegramtest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// channelIDBase is where made-up ids for @channel chats start; real channel
// and supergroup ids look like -100xxxxxxxxxx.
const channelIDBase = -1_000_000_000_000

// chatState is one chat as a bot sees it: the chat object, the message_id
// sequence shared by pushed and sent messages, and the messages themselves.
type chatState struct {
	chat     models.Chat
	lastID   int // last message_id used in the chat
	messages map[int]*storedMessage
}

// storedMessage is a message in a chat, kept for replies and edits.
type storedMessage struct {
	msg       models.Message
	fromBot   bool   // only the bot's own messages can be edited
	parseMode string // as sent; part of "is not modified"
	markup    string // reply_markup JSON as sent; part of "is not modified"
}

// chat returns the state of chat id, making up a chat object on first use.
func (b *botState) chat(id int64) *chatState {
	if c, ok := b.chats[id]; ok {
		return c
	}
	c := &chatState{chat: madeUpChat(id), messages: make(map[int]*storedMessage)}
	b.chats[id] = c
	return c
}

// observe records a chat object seen in a pushed update, so that later
// answers about that chat carry the same object.
func (b *botState) observe(chat models.Chat) *chatState {
	c := b.chat(chat.ID)
	chat.IsForum = chat.IsForum || c.chat.IsForum
	c.chat = chat
	return c
}

// resolveChat finds the chat a chat_id parameter names: an integer id or an
// @username, which gets a made-up channel id on first use.
func (b *botState) resolveChat(ref string) (*chatState, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, errChatIDEmpty
	}
	if name, ok := strings.CutPrefix(ref, "@"); ok && name != "" {
		return b.channel(name), nil
	}
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil || id == 0 {
		return nil, errChatNotFound
	}
	return b.chat(id), nil
}

// channel returns the chat for @name, creating a channel on first use.
func (b *botState) channel(name string) *chatState {
	if id, ok := b.channels[name]; ok {
		return b.chats[id]
	}
	id := channelIDBase - int64(len(b.channels)) - 1
	b.channels[name] = id
	return b.observe(models.Chat{ID: id, Type: models.ChatTypeChannel, Title: name, Username: name})
}

// madeUpChat invents the chat object for an id nobody described: positive
// ids are private chats with user<id>, -100... ids supergroups, other
// negative ids basic groups.
func madeUpChat(id int64) models.Chat {
	switch {
	case id > 0:
		return models.Chat{ID: id, Type: models.ChatTypePrivate, FirstName: userFirstName(id), Username: userName(id)}
	case id <= channelIDBase:
		return models.Chat{ID: id, Type: models.ChatTypeSupergroup, Title: fmt.Sprintf("Group %d", id)}
	default:
		return models.Chat{ID: id, Type: models.ChatTypeGroup, Title: fmt.Sprintf("Group %d", id)}
	}
}

// madeUpUser is the sender of PushText and PushGroupText messages.
func madeUpUser(id int64) models.User {
	return models.User{ID: id, FirstName: userFirstName(id), Username: userName(id), LanguageCode: "en"}
}

// userName is the username made up for user id: "user<id>".
func userName(id int64) string { return "user" + strconv.FormatInt(id, 10) }

// userFirstName is the first name made up for user id.
func userFirstName(id int64) string { return "User " + strconv.FormatInt(id, 10) }

// remember stores m in the chat, assigning the next message_id when m has
// none, and returns the stored copy.
func (c *chatState) remember(m models.Message, fromBot bool) *storedMessage {
	if m.ID == 0 {
		m.ID = c.lastID + 1
	}
	c.lastID = max(c.lastID, m.ID)
	stored := &storedMessage{msg: m, fromBot: fromBot}
	c.messages[m.ID] = stored
	return stored
}

// Message returns the current state of a message the fake knows, pushed or
// sent, with edits applied, and whether it exists. Pointer fields are shared
// with the server's copy and must not be modified.
func (s *Server) Message(token string, chatID int64, messageID int) (models.Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.bots[token]
	if !ok || b.chats[chatID] == nil {
		return models.Message{}, false
	}
	stored, ok := b.chats[chatID].messages[messageID]
	if !ok {
		return models.Message{}, false
	}
	return stored.msg, true
}
