package telegram

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/go-telegram/bot"

	"switchboard/platforms"
)

// stream is a reply being shown while it is written: the messages sent so
// far for it and the text each shows.
type stream struct {
	ids   []int
	texts []string
}

// streams holds the replies being streamed, per chat (and topic). The
// adapter sends one item per chat at a time; the lock guards the map
// across chats.
type streams struct {
	mu sync.Mutex
	m  map[string]*stream
}

func (s *streams) get(key string, create bool) *stream {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.m[key]
	if st == nil && create {
		if s.m == nil {
			s.m = map[string]*stream{}
		}
		st = &stream{}
		s.m[key] = st
	}
	return st
}

func (s *streams) drop(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
}

// sendStreamed shows text as the messages of the chat's stream: chunks
// already shown are edited when they changed, new chunks are sent as new
// messages (past 4096 units the reply continues in a new message). final
// ends the stream.
func (p *Poller) sendStreamed(ctx context.Context, out platforms.Outbound, final bool) error {
	key := out.StreamID
	st := p.streams.get(key, !final)
	if st == nil { // nothing was streamed: an ordinary reply
		return p.sendWhole(ctx, out)
	}
	if final {
		defer p.streams.drop(key)
	}
	params, err := p.messageParams(out)
	if err != nil {
		return err
	}
	for i, chunk := range Split(out.Text, MaxMessageUnits) {
		if i < len(st.ids) {
			if err := p.edit(ctx, params.ChatID, st, i, chunk); err != nil {
				return err
			}
			continue
		}
		params.Text = chunk
		msg, err := p.bot.SendMessage(ctx, params)
		if err != nil {
			return redactErr(fmt.Errorf("telegram sendMessage: profile %q: %w", p.profile, err))
		}
		st.ids, st.texts = append(st.ids, msg.ID), append(st.texts, chunk)
		params.ReplyParameters = nil
	}
	return nil
}

// edit replaces the text of the stream's i-th message if it changed.
func (p *Poller) edit(ctx context.Context, chatID any, st *stream, i int, text string) error {
	if st.texts[i] == text {
		return nil
	}
	_, err := p.bot.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: chatID, MessageID: st.ids[i], Text: text})
	if err != nil && !isNotModified(err) {
		return redactErr(fmt.Errorf("telegram editMessageText: profile %q: %w", p.profile, err))
	}
	st.texts[i] = text
	return nil
}

// isNotModified reports Telegram's answer to an edit that changes nothing.
func isNotModified(err error) bool {
	return errors.Is(err, bot.ErrorBadRequest) && strings.Contains(err.Error(), "message is not modified")
}
