package telegramtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/go-telegram/bot/models"
)

// queuedUpdate is an update waiting for confirmation, encoded once when pushed.
type queuedUpdate struct {
	id  int64
	raw json.RawMessage
}

// PushUpdate queues u for token's getUpdates and wakes a held long poll. An
// update_id of 0 is replaced by the bot's next id; ids only grow, so an
// explicit id also moves the sequence past it. A message or channel post is
// copied, gets the chat's next message_id and the current date when those are
// 0, and is remembered so that replies and edits can find it. PushUpdate
// returns the update_id and panics if token was never added.
func (s *Server) PushUpdate(token string, u models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.mustBot(token, "PushUpdate")
	u.Message = b.adopt(u.Message)
	u.ChannelPost = b.adopt(u.ChannelPost)
	if u.ID == 0 {
		u.ID = b.nextUpdateID
	}
	b.nextUpdateID = max(b.nextUpdateID, u.ID+1)
	b.enqueue(queuedUpdate{id: u.ID, raw: mustEncode(u)})
	return u.ID
}

// PushText queues a text message that user userID wrote to the bot in the
// private chat chatID (normally equal to userID). The sender and chat are
// made up: username "user<id>", first name "User <id>". It returns the
// update_id.
func (s *Server) PushText(token string, chatID, userID int64, text string) int64 {
	from := madeUpUser(userID)
	chat := models.Chat{ID: chatID, Type: models.ChatTypePrivate, FirstName: from.FirstName, Username: from.Username}
	return s.PushUpdate(token, models.Update{Message: &models.Message{From: &from, Chat: chat, Text: text}})
}

// PushGroupText queues a text message from user userID in the supergroup
// chatID. A threadID above 0 makes it a message in that forum topic
// (message_thread_id set, is_topic_message true, the chat a forum). It
// returns the update_id.
func (s *Server) PushGroupText(token string, chatID, userID int64, threadID int, text string) int64 {
	from := madeUpUser(userID)
	chat := models.Chat{ID: chatID, Type: models.ChatTypeSupergroup, Title: fmt.Sprintf("Group %d", chatID),
		IsForum: threadID > 0}
	msg := &models.Message{From: &from, Chat: chat, Text: text, MessageThreadID: threadID,
		IsTopicMessage: threadID > 0}
	return s.PushUpdate(token, models.Update{Message: msg})
}

// Pending returns how many updates are queued for token and not yet
// confirmed by a getUpdates offset; 0 for an unknown token.
func (s *Server) Pending(token string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.bots[token]; ok {
		return len(b.queue)
	}
	return 0
}

// adopt copies a pushed message, fills in message_id and date when they are
// 0, and remembers the message and its chat.
func (b *botState) adopt(m *models.Message) *models.Message {
	if m == nil {
		return nil
	}
	cp := *m
	if cp.Date == 0 {
		cp.Date = unixNow()
	}
	out := b.observe(cp.Chat).remember(cp, false).msg
	return &out
}

// enqueue inserts q in update_id order and wakes every held poll.
func (b *botState) enqueue(q queuedUpdate) {
	i := len(b.queue)
	for i > 0 && b.queue[i-1].id > q.id {
		i--
	}
	b.queue = slices.Insert(b.queue, i, q)
	close(b.wake)
	b.wake = make(chan struct{})
}

// mustEncode encodes a pushed update; only a test's own bad value fails.
func mustEncode(u models.Update) json.RawMessage {
	raw, err := json.Marshal(u)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: PushUpdate: encode update %d: %v", u.ID, err))
	}
	return raw
}

// unixNow is the current time as a Telegram date.
func unixNow() int {
	return int(time.Now().Unix())
}
