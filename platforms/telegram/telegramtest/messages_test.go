package telegramtest_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"switchboard/platforms/telegram/telegramtest"
)

func TestSendMessageReplyInPrivateChat(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	srv.PushText(tokenA, 42, 42, "hello bot") // message 1
	msg, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 42, Text: "hello human",
		ParseMode: models.ParseModeMarkdown, ReplyParameters: &models.ReplyParameters{MessageID: 1}})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if msg.ID != 2 || msg.Text != "hello human" || msg.Date == 0 || msg.Chat.ID != 42 ||
		msg.Chat.Type != models.ChatTypePrivate || msg.From == nil || msg.From.ID != 111111 || !msg.From.IsBot {
		t.Errorf("got %+v, want message 2 from the bot in private chat 42", msg)
	}
	if msg.ReplyToMessage == nil || msg.ReplyToMessage.Text != "hello bot" {
		t.Errorf("reply_to_message: got %+v, want the pushed message", msg.ReplyToMessage)
	}
	want := telegramtest.SentMessage{ChatID: 42, Text: "hello human", ReplyToMessageID: 1, ParseMode: "MarkdownV2",
		MessageID: 2}
	if sent := srv.Sent(tokenA); len(sent) != 1 || sent[0] != want {
		t.Errorf("Sent: got %+v, want [%+v]", sent, want)
	}
	if len(srv.Sent(tokenB)) != 0 {
		t.Error("Sent of the other bot is not empty")
	}
}

func TestMessageIDsIncreasePerChat(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	for _, want := range []struct {
		chat int64
		id   int
	}{{1, 1}, {1, 2}, {2, 1}, {1, 3}, {2, 2}} {
		msg, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: want.chat, Text: "x"})
		if err != nil || msg.ID != want.id {
			t.Errorf("chat %d: got id %v %v, want %d", want.chat, msg.ID, err, want.id)
		}
	}
}

func TestSendMessageInForumTopic(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	srv.PushGroupText(tokenA, -100777, 5, 9, "topic question")
	msg, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: -100777, Text: "answer",
		MessageThreadID: 9})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if msg.MessageThreadID != 9 || !msg.IsTopicMessage || msg.Chat.Type != models.ChatTypeSupergroup {
		t.Errorf("got %+v, want a topic message in the supergroup", msg)
	}
	if sent := srv.Sent(tokenA); len(sent) != 1 || sent[0].ThreadID != 9 {
		t.Errorf("Sent: got %+v, want thread 9", sent)
	}
}

func TestSendMessageToChannelUsername(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	first, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: "@news", Text: "one"})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	second, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: "@news", Text: "two"})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if first.Chat.Type != models.ChatTypeChannel || first.Chat.Username != "news" || first.Chat.ID >= 0 ||
		second.Chat.ID != first.Chat.ID || second.ID != 2 {
		t.Errorf("got chats %+v and %+v, want one channel @news", first.Chat, second.Chat)
	}
}

func TestSendMessageValidation(t *testing.T) {
	emoji := "\U0001F600" // two UTF-16 code units
	cases := []struct {
		name string
		form url.Values
		want string // description; empty for success
	}{
		{"ok", url.Values{"chat_id": {"1"}, "text": {"x"}}, ""},
		{"no chat", url.Values{"text": {"x"}}, "Bad Request: chat_id is empty"},
		{"bad chat", url.Values{"chat_id": {"abc"}, "text": {"x"}}, "Bad Request: chat not found"},
		{"no text", url.Values{"chat_id": {"1"}}, "Bad Request: message text is empty"},
		{"blank text", url.Values{"chat_id": {"1"}, "text": {" \n "}}, "Bad Request: message text is empty"},
		{"4096 units", url.Values{"chat_id": {"1"}, "text": {strings.Repeat("a", 4096)}}, ""},
		{"4097 units", url.Values{"chat_id": {"1"}, "text": {strings.Repeat("a", 4097)}},
			"Bad Request: message is too long"},
		{"2048 emoji", url.Values{"chat_id": {"1"}, "text": {strings.Repeat(emoji, 2048)}}, ""},
		{"2049 emoji", url.Values{"chat_id": {"1"}, "text": {strings.Repeat(emoji, 2049)}},
			"Bad Request: message is too long"},
		{"4096 cyrillic", url.Values{"chat_id": {"1"}, "text": {strings.Repeat("ж", 4096)}}, ""},
		{"not utf-8", url.Values{"chat_id": {"1"}, "text": {"\xff"}}, "Bad Request: strings must be encoded in UTF-8"},
		{"parse mode", url.Values{"chat_id": {"1"}, "text": {"x"}, "parse_mode": {"rtf"}},
			"Bad Request: unsupported parse_mode"},
		{"html lower", url.Values{"chat_id": {"1"}, "text": {"x"}, "parse_mode": {"html"}}, ""},
		{"reply missing", url.Values{"chat_id": {"1"}, "text": {"x"}, "reply_parameters": {`{"message_id":99}`}},
			"Bad Request: message to be replied not found"},
		{"reply allowed missing", url.Values{"chat_id": {"1"}, "text": {"x"},
			"reply_parameters": {`{"message_id":99,"allow_sending_without_reply":true}`}}, ""},
		{"reply bad json", url.Values{"chat_id": {"1"}, "text": {"x"}, "reply_parameters": {`{`}},
			"Bad Request: can't parse reply parameters JSON object"},
		{"markup bad json", url.Values{"chat_id": {"1"}, "text": {"x"}, "reply_markup": {`[1]`}},
			"Bad Request: can't parse reply keyboard markup JSON object"},
	}
	srv := newServer(t)
	for _, tc := range cases {
		r := call(t, srv, tokenA, "sendMessage", tc.form)
		switch {
		case tc.want == "" && !r.OK:
			t.Errorf("%s: got %d %q, want ok", tc.name, r.ErrorCode, r.Description)
		case tc.want != "" && (r.Status != 400 || r.ErrorCode != 400 || r.Description != tc.want):
			t.Errorf("%s: got %d %d %q, want 400 %q", tc.name, r.Status, r.ErrorCode, r.Description, tc.want)
		}
	}
}

func TestSendMessageEchoesInlineKeyboard(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Yes", CallbackData: "y"}}}}
	msg, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 3, Text: "ok?", ReplyMarkup: kb})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if msg.ReplyMarkup == nil || msg.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "y" {
		t.Errorf("reply_markup: got %+v, want the keyboard back", msg.ReplyMarkup)
	}
	if sent := srv.Sent(tokenA); !strings.Contains(sent[0].ReplyMarkup, `"callback_data":"y"`) {
		t.Errorf("Sent.ReplyMarkup: got %q", sent[0].ReplyMarkup)
	}
}

func TestEditMessageText(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	ctx := context.Background()
	srv.PushText(tokenA, 5, 5, "user text") // message 1, not the bot's
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 5, Text: "draft"})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	edit := func(id int, text string) (*models.Message, error) {
		return b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: 5, MessageID: id, Text: text})
	}
	msg, err := edit(sent.ID, "final")
	if err != nil || msg.Text != "final" || msg.EditDate == 0 || msg.ID != sent.ID {
		t.Fatalf("edit: got %+v %v, want the edited message", msg, err)
	}
	if stored, ok := srv.Message(tokenA, 5, sent.ID); !ok || stored.Text != "final" {
		t.Errorf("Message: got %q %v, want final", stored.Text, ok)
	}
	for _, tc := range []struct {
		id   int
		text string
		want string
	}{
		{sent.ID, "final", "Bad Request: message is not modified: specified new message content"},
		{99, "x", "Bad Request: message to edit not found"},
		{1, "x", "Bad Request: message can't be edited"},
		{sent.ID, "", "Bad Request: message text is empty"},
		{sent.ID, strings.Repeat("a", 4097), "Bad Request: MESSAGE_TOO_LONG"},
	} {
		_, err := edit(tc.id, tc.text)
		if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("edit %d %.10q: got %v, want %q", tc.id, tc.text, err, tc.want)
		}
	}
}

func TestEditInlineMessageAnswersTrue(t *testing.T) {
	srv := newServer(t)
	r := call(t, srv, tokenA, "editMessageText", url.Values{"inline_message_id": {"AbC"}, "text": {"new"}})
	if !r.OK || string(r.Result) != "true" {
		t.Errorf("got %+v, want ok true", r)
	}
}

func TestChatActionAndCallbackAnswer(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, tokenA)
	ctx := context.Background()
	ok, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: 5, Action: models.ChatActionTyping})
	if err != nil || !ok {
		t.Errorf("SendChatAction: got %v %v, want true", ok, err)
	}
	_, err = b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: 5, Action: "dancing"})
	if !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("unknown action: got %v, want Bad Request", err)
	}
	ok, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: "q1", Text: "done"})
	if err != nil || !ok {
		t.Errorf("AnswerCallbackQuery: got %v %v, want true", ok, err)
	}
	if got := srv.CallCount(tokenA, "answerCallbackQuery"); got != 1 {
		t.Errorf("CallCount: got %d, want 1", got)
	}
	r := call(t, srv, tokenA, "answerCallbackQuery", nil)
	if r.ErrorCode != 400 {
		t.Errorf("no query id: got %+v, want 400", r)
	}
}
