package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"switchboard/actors/backoff"
	"switchboard/platforms"
)

// maxRateLimitWaits bounds how often one chunk waits out a 429 before the
// reply is given up; each wait is as long as Telegram asks.
const maxRateLimitWaits = 5

// maxTransientRetries bounds the retries of one chunk after a network error
// or a 5xx; the waits come from sendBackoff.
const maxTransientRetries = 3

// sendBackoff spaces retries after transient send failures.
var sendBackoff = backoff.Policy{Initial: 500 * time.Millisecond, Max: 4 * time.Second, Jitter: 0.2}

// ErrUnreachable reports a chat the bot can no longer write to: the user
// blocked the bot or it was removed from the group. Replies to it are
// dropped without retries.
var ErrUnreachable = errors.New("chat unreachable: the bot was blocked or removed")

// chatBook remembers what sending has learnt about chats: groups that moved
// to a new id when upgraded to supergroups, and chats that refuse the bot.
// Sends for different chats run concurrently, hence the lock.
type chatBook struct {
	mu          sync.Mutex
	moved       map[int64]int64
	unreachable map[int64]bool
}

func (b *chatBook) resolve(id int64) (int64, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if to, ok := b.moved[id]; ok {
		id = to
	}
	return id, b.unreachable[id]
}

func (b *chatBook) move(from, to int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.moved == nil {
		b.moved = map[int64]int64{}
	}
	b.moved[from] = to
}

func (b *chatBook) refuse(id int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.unreachable == nil {
		b.unreachable = map[int64]bool{}
	}
	b.unreachable[id] = true
}

// Send delivers one reply to the chat (and topic) it answers, split into
// chunks Telegram accepts and sent in order. An empty reply sends nothing.
// A 429 delays only this chat; a 403 marks the chat unreachable; a group
// that became a supergroup is followed to its new id.
func (p *Poller) Send(ctx context.Context, out platforms.Outbound) error {
	if out.StreamID != "" && (out.Partial || p.streams.get(out.StreamID, false) != nil) {
		return p.sendStreamed(ctx, out, !out.Partial)
	}
	return p.sendWhole(ctx, out)
}

// sendWhole sends a finished reply that was not streamed.
func (p *Poller) sendWhole(ctx context.Context, out platforms.Outbound) error {
	chunks := Split(out.Text, MaxMessageUnits)
	if len(chunks) == 0 {
		return nil
	}
	params, err := p.messageParams(out)
	if err != nil {
		return err
	}
	for i, chunk := range chunks {
		params.Text = chunk
		if i > 0 {
			params.ReplyParameters = nil
		}
		if err := p.sendChunk(ctx, params); err != nil {
			return redactErr(fmt.Errorf("telegram sendMessage: profile %q: chat %v: chunk %d of %d: %w",
				p.profile, params.ChatID, i+1, len(chunks), err))
		}
	}
	return nil
}

// messageParams builds the parameters shared by every chunk of a reply.
func (p *Poller) messageParams(out platforms.Outbound) (*bot.SendMessageParams, error) {
	chatID, err := strconv.ParseInt(out.Source.ChatID, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("telegram sendMessage: profile %q: chat id %q is not a number", p.profile, out.Source.ChatID)
	}
	params := &bot.SendMessageParams{ChatID: chatID, ParseMode: models.ParseMode(p.parseMode)}
	if out.Source.ThreadID != "" {
		if params.MessageThreadID, err = strconv.Atoi(out.Source.ThreadID); err != nil {
			return nil, fmt.Errorf("telegram sendMessage: profile %q: thread id %q is not a number",
				p.profile, out.Source.ThreadID)
		}
	}
	if id, err := strconv.Atoi(out.ReplyTo); err == nil && out.Source.ChatType != platforms.ChatDM {
		params.ReplyParameters = &models.ReplyParameters{MessageID: id, AllowSendingWithoutReply: true}
	}
	return params, nil
}

// sendChunk sends one chunk, waiting out 429s, following a migrated group
// and falling back once to plain text when Telegram cannot parse markup.
func (p *Poller) sendChunk(ctx context.Context, params *bot.SendMessageParams) error {
	waits, retries, plain := 0, 0, false
	for attempt := 0; ; attempt++ {
		if attempt > maxRateLimitWaits+maxTransientRetries+3 {
			return errors.New("gave up after repeated failures")
		}
		chat, refused := p.chats.resolve(params.ChatID.(int64))
		if refused {
			return ErrUnreachable
		}
		params.ChatID = chat
		_, err := p.bot.SendMessage(ctx, params)
		var tooMany *bot.TooManyRequestsError
		var moved *bot.MigrateError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &tooMany) && waits < maxRateLimitWaits:
			waits++
			if err := backoff.Sleep(ctx, time.Duration(max(tooMany.RetryAfter, 1))*time.Second); err != nil {
				return err
			}
		case errors.As(err, &moved) && moved.MigrateToChatID != 0:
			p.chats.move(chat, int64(moved.MigrateToChatID))
			p.log.Info().Int64("chat_id", chat).Int("new_chat_id", moved.MigrateToChatID).
				Msg("group became a supergroup; replies follow it")
		case errors.Is(err, bot.ErrorForbidden):
			p.chats.refuse(chat)
			return fmt.Errorf("%w: %w", ErrUnreachable, err)
		case !plain && params.ParseMode != "" && isParseError(err):
			plain = true
			params.ParseMode = ""
			p.log.Warn().Int64("chat_id", chat).Msg("telegram could not parse the reply's markup; sending it as plain text")
		case isTransient(ctx, err) && retries < maxTransientRetries:
			retries++
			if err := backoff.Sleep(ctx, sendBackoff.Delay(retries, nil)); err != nil {
				return err
			}
		default:
			return err
		}
	}
}

// isTransient reports a send failure worth retrying: a network error or a
// server error, as opposed to Telegram refusing the request (4xx) or the
// gateway stopping. A retry after a lost answer may send the chunk twice;
// delivery is at least once.
func isTransient(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	for _, refused := range []error{bot.ErrorBadRequest, bot.ErrorForbidden, bot.ErrorUnauthorized,
		bot.ErrorNotFound, bot.ErrorConflict} {
		if errors.Is(err, refused) {
			return false
		}
	}
	return true
}

// isParseError reports Telegram's answer to markup it cannot parse.
func isParseError(err error) bool {
	return errors.Is(err, bot.ErrorBadRequest) && strings.Contains(err.Error(), "can't parse entities")
}

// Typing shows "typing…" in the chat for about five seconds.
func (p *Poller) Typing(ctx context.Context, src platforms.Source) error {
	chatID, err := strconv.ParseInt(src.ChatID, 10, 64)
	if err != nil {
		return fmt.Errorf("telegram sendChatAction: chat id %q is not a number", src.ChatID)
	}
	chat, refused := p.chats.resolve(chatID)
	if refused {
		return nil
	}
	params := &bot.SendChatActionParams{ChatID: chat, Action: models.ChatActionTyping}
	if id, err := strconv.Atoi(src.ThreadID); err == nil {
		params.MessageThreadID = id
	}
	if _, err := p.bot.SendChatAction(ctx, params); err != nil {
		return redactErr(fmt.Errorf("telegram sendChatAction: profile %q: %w", p.profile, err))
	}
	return nil
}
