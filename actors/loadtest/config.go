package loadtest

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"switchboard/actors"
	"switchboard/actors/store"
)

// Modes of a load test run.
const (
	// ModeMailbox runs the bare actor chain, then the gateway on in-memory
	// adapters.
	ModeMailbox = "mailbox"
	// ModeE2E runs bare go-telegram/bot echo bots, then the gateway, on the
	// fake Bot API.
	ModeE2E = "e2e"
	// ModeBaseline runs only the two baselines.
	ModeBaseline = "baseline"
	// ModeCapacity measures idle profiles.
	ModeCapacity = "capacity"
	// ModeAll runs mailbox, e2e and capacity.
	ModeAll = "all"
)

// Config says what a load test runs and how hard. A zero field takes the
// default its comment gives; Chats and Messages default per mode.
type Config struct {
	// Mode is mailbox, e2e, baseline, capacity or all. Default all.
	Mode string
	// Profiles is the number of profiles in mailbox mode. Default 10.
	Profiles int
	// Bots is the number of Telegram bots, one profile each, in e2e mode.
	// Default 10.
	Bots int
	// Chats is the number of chats per profile in mailbox mode (default
	// 100) and per bot in e2e mode (default 10).
	Chats int
	// Messages is the number of messages per chat in the throughput phase:
	// default 300 in mailbox mode, 100 in e2e mode.
	Messages int
	// Window is how many messages of one chat may wait for their answer at
	// once in the mailbox throughput phase. Default 4.
	Window int
	// Rate is the message rate, per second over all chats, of the
	// fixed-rate phase. Default 1000.
	Rate int
	// Duration is how long the fixed-rate phase runs. Default 3s.
	Duration time.Duration
	// Capacity lists the numbers of idle profiles capacity mode measures.
	// The time to running is measured for the largest. Default 1, 100, 1000.
	Capacity []int
	// PollTimeout is the Telegram long-poll timeout of the gateway's bots
	// and of the bare bots. Default 30s, the gateway's own default.
	PollTimeout time.Duration
	// Timeout bounds each phase; a phase not done by then is reported
	// incomplete. Default 2m.
	Timeout time.Duration
	// Progress receives a progress line, rewritten in place a few times a
	// second. Nil prints none.
	Progress io.Writer
	// Binary is the switchboard binary. When set, capacity mode runs its
	// largest stage once more as `switchboard run` in a process of its own,
	// whose RSS leaves out the fake Bot API. Default unset.
	Binary string
	// Idle, if set, is called in each capacity stage once the stage's
	// figures are read, while every bot is still polling and the process is
	// otherwise idle, with the stage's name (gateway or bare_bots) and
	// profile count; the binary writes its heap profile there.
	Idle func(name string, profiles int)
	// Platforms builds the gateway's platforms around the durable Telegram
	// inbox in e2e and capacity mode. Default: Telegram in polling mode only.
	Platforms func(inbox store.Inbox) []actors.Platform
}

// Upper bounds on the parameters, so that a typo cannot start a run that
// exhausts the machine or never ends.
const (
	maxProfiles  = 10_000
	maxBots      = 2_000
	maxChats     = 100_000
	maxMessages  = 10_000_000 // per run and phase, over all chats
	maxRate      = 1_000_000
	maxDuration  = 10 * time.Minute
	maxTimeout   = 30 * time.Minute
	maxPoll      = 50 * time.Second // the Bot API's own limit
	minPhaseWait = time.Second
)

// Default shapes of the message modes.
const (
	defaultMailboxChats    = 100
	defaultMailboxMessages = 300
	defaultE2EChats        = 10
	defaultE2EMessages     = 100
)

// ErrConfig marks a Config that cannot be run: an unknown mode, or a
// parameter out of its bounds.
var ErrConfig = errors.New("load test config")

// withDefaults fills in the defaults and checks the bounds.
func (c Config) withDefaults() (Config, error) {
	c.Mode = orString(c.Mode, ModeAll)
	c.Profiles = orInt(c.Profiles, 10)
	c.Bots = orInt(c.Bots, 10)
	c.Window = orInt(c.Window, 4)
	c.Rate = orInt(c.Rate, 1000)
	c.Duration = orDuration(c.Duration, 3*time.Second)
	c.PollTimeout = orDuration(c.PollTimeout, 30*time.Second)
	c.Timeout = max(orDuration(c.Timeout, 2*time.Minute), minPhaseWait)
	if c.Capacity == nil {
		c.Capacity = []int{1, 100, 1000}
	}
	if c.Platforms == nil {
		c.Platforms = telegramOnly
	}
	return c, c.check()
}

func (c Config) check() error {
	if !slices.Contains([]string{ModeMailbox, ModeE2E, ModeBaseline, ModeCapacity, ModeAll}, c.Mode) {
		return fmt.Errorf("%w: mode %q: want mailbox, e2e, baseline, capacity or all", ErrConfig, c.Mode)
	}
	checks := []struct {
		name     string
		v, lo, h int
	}{
		{"profiles", c.Profiles, 1, maxProfiles},
		{"bots", c.Bots, 1, maxBots},
		{"chats", c.Chats, 0, maxChats},
		{"messages", c.Messages, 0, maxMessages},
		{"window", c.Window, 1, 1000},
		{"rate", c.Rate, 1, maxRate},
	}
	for _, k := range checks {
		if k.v < k.lo || k.v > k.h {
			return fmt.Errorf("%w: %s %d: want %d to %d", ErrConfig, k.name, k.v, k.lo, k.h)
		}
	}
	for _, n := range c.Capacity {
		if n < 1 || n > maxBots {
			return fmt.Errorf("%w: capacity %d: want 1 to %d profiles", ErrConfig, n, maxBots)
		}
	}
	switch {
	case c.Duration < 0 || c.Duration > maxDuration:
		return fmt.Errorf("%w: duration %v: want 0 to %v", ErrConfig, c.Duration, maxDuration)
	case c.PollTimeout < time.Second || c.PollTimeout > maxPoll:
		return fmt.Errorf("%w: poll timeout %v: want 1s to %v", ErrConfig, c.PollTimeout, maxPoll)
	case c.Timeout > maxTimeout:
		return fmt.Errorf("%w: timeout %v: want at most %v", ErrConfig, c.Timeout, maxTimeout)
	case c.Rate*int(max(c.Duration/time.Second, 1)) > maxMessages:
		return fmt.Errorf("%w: rate × duration is over %d messages", ErrConfig, maxMessages)
	}
	return c.checkShapes()
}

// checkShapes bounds the message count of each message mode.
func (c Config) checkShapes() error {
	m, e := c.mailboxLayout(), c.e2eLayout()
	baseline := c.runs(ModeBaseline)
	if (baseline || c.runs(ModeMailbox)) && m.burst() > maxMessages {
		return fmt.Errorf("%w: mailbox mode would send %d messages, over %d", ErrConfig, m.burst(), maxMessages)
	}
	if (baseline || c.runs(ModeE2E)) && e.burst() > maxMessages {
		return fmt.Errorf("%w: e2e mode would send %d messages, over %d", ErrConfig, e.burst(), maxMessages)
	}
	return nil
}

// runs reports whether the run includes the measurements of mode.
func (c Config) runs(mode string) bool {
	switch c.Mode {
	case ModeAll:
		return mode != ModeBaseline
	case ModeBaseline:
		return mode == ModeBaseline
	}
	return c.Mode == mode
}

// rated is the number of messages of the fixed-rate phase.
func (c Config) rated() int {
	return int(float64(c.Rate) * c.Duration.Seconds())
}

func (c Config) mailboxLayout() layout {
	return layout{profiles: c.Profiles, chats: orInt(c.Chats, defaultMailboxChats),
		messages: orInt(c.Messages, defaultMailboxMessages), window: c.Window, rated: c.rated()}
}

func (c Config) e2eLayout() e2eLayout {
	return e2eLayout{bots: c.Bots, chats: orInt(c.Chats, defaultE2EChats),
		messages: orInt(c.Messages, defaultE2EMessages), rated: c.rated()}
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func orDuration(v, def time.Duration) time.Duration {
	if v == 0 {
		return def
	}
	return v
}
