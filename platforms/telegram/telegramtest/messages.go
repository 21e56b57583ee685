package telegramtest

import (
	"encoding/json"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// maxTextUnits is the longest message text Telegram takes, in UTF-16 code units.
const maxTextUnits = 4096

// outgoing is a validated sendMessage request.
type outgoing struct {
	text         string
	parseMode    string
	markup       string // reply_markup JSON
	threadID     int
	replyTo      int
	allowNoReply bool // allow_sending_without_reply
}

// sendMessage validates the request, stores the message in its chat with the
// chat's next message_id and records it for Sent.
func (s *Server) sendMessage(c *call) (any, error) {
	out, err := parseOutgoing(c.params)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, err := c.bot.resolveChat(c.params["chat_id"])
	if err != nil {
		return nil, err
	}
	return c.bot.deliver(chat, out)
}

// parseOutgoing reads and checks sendMessage's parameters.
func parseOutgoing(p map[string]string) (outgoing, error) {
	out := outgoing{parseMode: p["parse_mode"], markup: p["reply_markup"],
		threadID: int(intParam(p, "message_thread_id", 0))}
	var err error
	if out.text, err = checkText(p["text"], errSendTooLong); err != nil {
		return out, err
	}
	if err = checkParseMode(out.parseMode); err != nil {
		return out, err
	}
	if err = checkMarkup(out.markup); err != nil {
		return out, err
	}
	out.replyTo, out.allowNoReply, err = parseReply(p)
	return out, err
}

// deliver stores a bot message in chat and records it. The caller holds Server.mu.
func (b *botState) deliver(chat *chatState, out outgoing) (*models.Message, error) {
	from := b.user
	msg := models.Message{From: &from, Chat: chat.chat, Date: unixNow(), Text: out.text,
		MessageThreadID: out.threadID, IsTopicMessage: out.threadID > 0 && chat.chat.IsForum}
	msg.ReplyMarkup = echoedKeyboard(out.markup)
	if out.replyTo != 0 {
		orig, ok := chat.messages[out.replyTo]
		if !ok && !out.allowNoReply {
			return nil, errReplyNotFound
		}
		if ok {
			quoted := orig.msg
			quoted.ReplyToMessage = nil // Telegram does not nest replies
			msg.ReplyToMessage = &quoted
		}
	}
	stored := chat.remember(msg, true)
	stored.parseMode, stored.markup = out.parseMode, out.markup
	b.sent = append(b.sent, SentMessage{ChatID: chat.chat.ID, Text: out.text, ThreadID: out.threadID,
		ReplyToMessageID: out.replyTo, ParseMode: out.parseMode, ReplyMarkup: out.markup, MessageID: stored.msg.ID})
	result := stored.msg
	return &result, nil
}

// editMessageText replaces the text of a message the bot sent. An inline
// message (inline_message_id) is not tracked and the answer is just true.
func (s *Server) editMessageText(c *call) (any, error) {
	p := c.params
	if err := checkEdit(p); err != nil {
		return nil, err
	}
	if p["inline_message_id"] != "" {
		return true, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, err := c.bot.resolveChat(p["chat_id"])
	if err != nil {
		return nil, err
	}
	return chat.edit(int(intParam(p, "message_id", 0)), p["text"], p["parse_mode"], p["reply_markup"])
}

// checkEdit checks editMessageText's text, parse_mode and reply_markup.
func checkEdit(p map[string]string) error {
	if _, err := checkText(p["text"], errEditTooLong); err != nil {
		return err
	}
	if err := checkParseMode(p["parse_mode"]); err != nil {
		return err
	}
	return checkMarkup(p["reply_markup"])
}

// edit changes a stored bot message, refusing unknown, foreign and unchanged
// ones as Telegram does. The caller holds Server.mu.
func (c *chatState) edit(id int, text, parseMode, markup string) (*models.Message, error) {
	stored, ok := c.messages[id]
	switch {
	case !ok:
		return nil, errEditNotFound
	case !stored.fromBot:
		return nil, errEditForeign
	case stored.msg.Text == text && stored.parseMode == parseMode && stored.markup == markup:
		return nil, errNotModified
	}
	stored.msg.Text, stored.msg.EditDate = text, unixNow()
	stored.msg.ReplyMarkup = echoedKeyboard(markup)
	stored.parseMode, stored.markup = parseMode, markup
	result := stored.msg
	return &result, nil
}

// checkText applies Telegram's text rules: valid UTF-8, not blank, at most
// 4096 UTF-16 code units (counted on the raw text, markup included).
func checkText(text string, tooLong error) (string, error) {
	switch {
	case !utf8.ValidString(text):
		return "", errNotUTF8
	case strings.TrimSpace(text) == "":
		return "", errTextEmpty
	case utf16Len(text) > maxTextUnits:
		return "", tooLong
	}
	return text, nil
}

// utf16Len counts UTF-16 code units, the unit of Telegram's length limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// checkParseMode accepts the parse modes Telegram knows, in any case.
func checkParseMode(mode string) error {
	switch strings.ToLower(mode) {
	case "", "markdown", "markdownv2", "html":
		return nil
	}
	return errParseMode
}

// checkMarkup accepts an absent reply_markup or a JSON object.
func checkMarkup(markup string) error {
	var obj map[string]json.RawMessage
	if markup != "" && json.Unmarshal([]byte(markup), &obj) != nil {
		return errReplyMarkup
	}
	return nil
}

// echoedKeyboard is the inline keyboard of a checked reply_markup, which
// Telegram echoes in the message; other keyboards are not echoed and give nil.
func echoedKeyboard(markup string) *models.InlineKeyboardMarkup {
	var kb models.InlineKeyboardMarkup
	if markup == "" || json.Unmarshal([]byte(markup), &kb) != nil || kb.InlineKeyboard == nil {
		return nil
	}
	return &kb
}

// parseReply reads the message to reply to from reply_parameters, or from the
// older reply_to_message_id and allow_sending_without_reply.
func parseReply(p map[string]string) (id int, allowMissing bool, err error) {
	id = int(intParam(p, "reply_to_message_id", 0))
	allowMissing = boolParam(p, "allow_sending_without_reply")
	if p["reply_parameters"] == "" {
		return id, allowMissing, nil
	}
	var rp struct {
		MessageID    int  `json:"message_id"`
		AllowMissing bool `json:"allow_sending_without_reply"`
	}
	if err := json.Unmarshal([]byte(p["reply_parameters"]), &rp); err != nil {
		return 0, false, errReplyParameters
	}
	return rp.MessageID, rp.AllowMissing, nil
}
