package loadtest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"switchboard/platforms/telegram"
	"switchboard/platforms/telegram/telegramtest"
)

// e2eLayout numbers e2e messages so that pushing them in order deals them
// round-robin over the bots, then over the chats: message seq goes to bot
// seq mod bots, chat (seq / bots) mod chats. The throughput phase's
// messages come first, then the fixed-rate phase's.
type e2eLayout struct {
	bots, chats, messages int
	rated                 int
}

func (l e2eLayout) burst() int { return l.bots * l.chats * l.messages }
func (l e2eLayout) total() int { return l.burst() + l.rated }

func (l e2eLayout) place(seq int) (bot, chat int) {
	return seq % l.bots, (seq / l.bots) % l.chats
}

// messagePrefix begins the text of every load test message; the number
// after it is the message's seq, which an echo brings back.
const messagePrefix = "load test message "

func messageText(seq int) string { return messagePrefix + strconv.Itoa(seq) }

func parseMessageText(text string) (int, bool) {
	rest, ok := strings.CutPrefix(text, messagePrefix)
	if !ok {
		return 0, false
	}
	seq, err := strconv.Atoi(rest)
	return seq, err == nil && seq >= 0
}

// e2eSystem is what an e2e measurement drives: bots polling the fake.
type e2eSystem interface {
	// receivedAt returns when message seq, update u, was in the bot's hands.
	receivedAt(seq int, u updateKey) (time.Time, bool)
	// stop stops the bots once every update they took is handled.
	stop(ctx context.Context) error
	// problems lists what went wrong, and errors counts it.
	problems() (errors int, lines []string)
}

// e2eRun is one e2e measurement: the fake Bot API, its bots, and when each
// message was pushed into it.
type e2eRun struct {
	cfg    Config
	l      e2eLayout
	srv    *telegramtest.Server
	tokens []string
	polls  *pollWatch

	pushes atomic.Int64

	mu       sync.Mutex
	pushedAt []time.Time
	updates  []updateKey
}

func newE2ERun(cfg Config, l e2eLayout) *e2eRun {
	srv, tokens := startFake(l.bots)
	return &e2eRun{cfg: cfg, l: l, srv: srv, tokens: tokens, polls: newPollWatch(srv, tokens),
		pushedAt: make([]time.Time, l.total()), updates: make([]updateKey, l.total())}
}

// push writes message seq to its bot as a user in a private chat.
func (r *e2eRun) push(seq int) {
	b, c := r.l.place(seq)
	chat := int64(chatBase + c)
	at := time.Now()
	id := r.srv.PushText(r.tokens[b], chat, chat, messageText(seq))
	r.mu.Lock()
	r.pushedAt[seq], r.updates[seq] = at, updateKey{bot: telegram.BotID(r.tokens[b]), id: id}
	r.mu.Unlock()
	r.pushes.Add(1)
}

// pushed counts the messages pushed so far.
func (r *e2eRun) pushed() int64 { return r.pushes.Load() }

// sent counts the sendMessage calls that reached the fake, over all bots.
func (r *e2eRun) sent() int64 {
	var n int64
	for _, tok := range r.tokens {
		n += int64(r.srv.CallCount(tok, "sendMessage"))
	}
	return n
}

// measureE2E runs both phases of an e2e measurement against the bots
// start builds on a fresh fake, and returns one Result per phase and what
// went wrong.
func measureE2E(ctx context.Context, cfg Config, name string, start func(*e2eRun) (e2eSystem, error)) (
	[]Result, []string, error) {
	l := cfg.e2eLayout()
	r := newE2ERun(cfg, l)
	defer r.srv.Close()
	settle()
	sys, err := start(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	if !waitFor(ctx, cfg.Timeout, func() bool { return r.polls.count() == len(r.tokens) }) {
		return nil, nil, errors.Join(fmt.Errorf("%s: bots not polling after %v", name, cfg.Timeout), sys.stop(ctx))
	}
	thr := measurePhase(ctx, cfg, name+" throughput", 0, l.burst(), r.sent, func() {
		for seq := range l.burst() {
			r.push(seq)
		}
	})
	var rate phaseStats
	if thr.ok && l.rated > 0 {
		paced := make(chan struct{})
		label := fmt.Sprintf("%s at %d/s", name, cfg.Rate)
		rate = measurePhase(ctx, cfg, label, l.burst(), l.total(), r.sent, func() {
			go func() {
				defer close(paced)
				paceEach(ctx, l.rated, cfg.Rate, func(i int) { r.push(l.burst() + i) })
			}()
		})
		<-paced
	}
	var problems []string
	if err := sys.stop(ctx); err != nil {
		problems = append(problems, fmt.Sprintf("%s: stop: %v", name, err))
	}
	a := r.analyse(sys)
	runs := []Result{a.run(thr, name, phaseThroughput, 0, l.burst())}
	if thr.ok && l.rated > 0 {
		runs = append(runs, a.run(rate, name, phaseRate, l.burst(), l.total()))
	}
	n, lines := sys.problems()
	for i := range runs {
		runs[i].Errors = n
	}
	return runs, append(append(problems, a.problems...), lines...), nil
}
