package telegramtest_test

import (
	"context"
	"fmt"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"switchboard/platforms/telegram/telegramtest"
)

// Example runs an echo bot against the fake: a user's message is pushed, the
// go-telegram/bot client polls it and replies, and the test reads the reply.
func Example() {
	srv := telegramtest.New()
	defer srv.Close()
	const token = "123456:example-secret"
	srv.AddBot(token, "echo_bot")

	replied := make(chan struct{})
	echo := func(ctx context.Context, b *bot.Bot, u *models.Update) {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "echo: " + u.Message.Text,
			ReplyParameters: &models.ReplyParameters{MessageID: u.Message.ID}})
		if err != nil {
			fmt.Println("send:", err)
		}
		close(replied)
	}
	b, err := bot.New(token, bot.WithServerURL(srv.URL()), bot.WithDefaultHandler(echo))
	if err != nil {
		fmt.Println("connect:", err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { defer close(stopped); b.Start(ctx) }()

	srv.PushText(token, 42, 42, "hello")
	<-replied
	cancel()
	<-stopped

	for _, m := range srv.Sent(token) {
		fmt.Printf("chat %d, message %d, reply to %d: %s\n", m.ChatID, m.MessageID, m.ReplyToMessageID, m.Text)
	}
	fmt.Println("concurrent polls:", srv.ConcurrentPolls())
	// Output:
	// chat 42, message 2, reply to 1: echo: hello
	// concurrent polls: 0
}
