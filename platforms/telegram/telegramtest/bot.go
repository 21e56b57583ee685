package telegramtest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// botState is everything the server knows about one token. Server.mu guards it.
type botState struct {
	user         models.User // what getMe answers
	revoked      bool        // RemoveBot was called: calls get 401
	nextUpdateID int64
	queue        []queuedUpdate // unconfirmed updates, ascending update_id
	wake         chan struct{}  // closed and replaced when an update is queued
	polls        map[*poll]struct{}
	webhook      WebhookInfo
	faults       map[string][]Fault // by lower-case method
	chats        map[int64]*chatState
	channels     map[string]int64 // @username to made-up chat id
	sent         []SentMessage
}

// AddBot registers token so that calls with it are answered; calls with any
// other token get 401 Unauthorized. The token must look like a real one,
// "<digits>:<secret>"; the digits are the bot's user id, and the username is
// also its first name. Adding a token again only changes the username (and
// undoes RemoveBot). AddBot panics on a malformed token.
func (s *Server) AddBot(token, username string) {
	id := mustParseToken(token)
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.bots[token]; ok {
		b.user.Username, b.user.FirstName = username, username
		b.revoked = false
		return
	}
	s.bots[token] = &botState{
		user: models.User{ID: id, IsBot: true, FirstName: username, Username: username,
			CanJoinGroups: true}, // as BotFather creates bots
		nextUpdateID: s.firstUpdateID(),
		wake:         make(chan struct{}),
		polls:        make(map[*poll]struct{}),
		faults:       make(map[string][]Fault),
		chats:        make(map[int64]*chatState),
		channels:     make(map[string]int64),
	}
}

// RemoveBot revokes token, as BotFather does: later calls get 401
// Unauthorized, while calls already in progress finish normally. What was
// recorded for the bot stays readable, and AddBot with the same token brings
// it back with its queue intact.
func (s *Server) RemoveBot(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.bots[token]; ok {
		b.revoked = true
	}
}

// lookup returns the bot that answers calls with token, or nil.
func (s *Server) lookup(token string) *botState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.bots[token]; ok && !b.revoked {
		return b
	}
	return nil
}

// mustBot returns the bot for token, for helpers that change its state. It
// panics on a token that AddBot never registered, naming only the bot id.
// The caller holds s.mu.
func (s *Server) mustBot(token, op string) *botState {
	b, ok := s.bots[token]
	if !ok {
		panic(fmt.Sprintf("telegramtest: %s: no bot added with id %q", op, botID(token)))
	}
	return b
}

// firstUpdateID is the first update_id of a new bot. The caller holds s.mu.
func (s *Server) firstUpdateID() int64 {
	if s.updateIDBase != 0 {
		return s.updateIDBase
	}
	return 100_000_000 + rand.Int64N(800_000_000)
}

// mustParseToken returns the bot id of a "<digits>:<secret>" token.
func mustParseToken(token string) int64 {
	digits, secret, ok := strings.Cut(token, ":")
	id, err := strconv.ParseInt(digits, 10, 64)
	if !ok || secret == "" || err != nil || id <= 0 {
		panic(fmt.Sprintf("telegramtest: AddBot: token for bot id %q must look like <digits>:<secret>",
			botID(token)))
	}
	return id
}

// botID is the part of a token before the colon, safe to show in messages.
// Anything not shaped like a token gives "?", so a secret never leaks.
func botID(token string) string {
	digits, _, ok := strings.Cut(token, ":")
	if _, err := strconv.ParseUint(digits, 10, 64); !ok || err != nil {
		return "?"
	}
	return digits
}
