package actors

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"switchboard/actors/agent"
	"switchboard/actors/waitfor"
	"switchboard/config"
	"switchboard/platforms"
)

// historyAgent records the history each turn received; "slow" turns take
// two seconds unless cancelled.
type historyAgent struct {
	mu   sync.Mutex
	seen [][]agent.Message
}

func (h *historyAgent) Respond(ctx context.Context, t agent.Turn) (agent.Reply, error) {
	return h.Converse(ctx, agent.Request{Turn: t})
}

func (h *historyAgent) Converse(ctx context.Context, r agent.Request) (agent.Reply, error) {
	h.mu.Lock()
	h.seen = append(h.seen, append([]agent.Message(nil), r.History...))
	h.mu.Unlock()
	if strings.HasPrefix(r.Text, "slow") {
		select {
		case <-time.After(2 * time.Second):
		case <-ctx.Done():
			return agent.Reply{}, ctx.Err()
		}
	}
	return agent.Reply{Text: "re: " + r.Text}, nil
}

func (m *memAdapter) pushCommand(user, text, command string) {
	m.in <- platforms.Inbound{
		Source: platforms.Source{Platform: "mem", ChatType: platforms.ChatDM, ChatID: user, UserID: user},
		Text:   text, Receipt: text, Command: command,
	}
}

func TestCommandsAndHistory(t *testing.T) {
	ag := &historyAgent{}
	gw, ads := startGateway(t, platforms.Access{AllowAll: true}, ag, "default")
	ad := ads["default"]
	ad.push("1", "one")
	ad.push("1", "two")
	waitfor.True(t, 5*time.Second, func() bool { return len(ad.Sent()) == 2 }, "turns not answered")
	ad.push("1", "slow three")
	ad.push("1", "four")
	waitfor.True(t, 5*time.Second, func() bool { ag.mu.Lock(); defer ag.mu.Unlock(); return len(ag.seen) == 3 }, "")
	ad.pushCommand("1", "/status", "status")
	ad.pushCommand("1", "/stop", "stop")
	ad.pushCommand("1", "/new", "new")
	ad.push("1", "five")
	waitfor.True(t, 5*time.Second, func() bool { return len(ad.Sent()) == 6 }, "sent %v", ad.Sent())
	if err := gw.Stop("test"); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, o := range ad.Sent() {
		texts = append(texts, o.Text)
	}
	if !strings.Contains(texts[2], "Messages in this conversation: 4") || texts[3] != "Stopped." ||
		texts[4] != newSessionText || texts[5] != "re: five" {
		t.Errorf("replies %q, want status (4 messages), Stopped., the /new confirmation, then five", texts)
	}
	ag.mu.Lock()
	defer ag.mu.Unlock()
	if got := fmt.Sprint(ag.seen[1]); got != "[{user one} {assistant re: one}]" {
		t.Errorf("second turn's history %s, want the first exchange", got)
	}
	if last := ag.seen[len(ag.seen)-1]; len(last) != 0 {
		t.Errorf("turn after /new got history %v, want none", last)
	}
	if len(ag.seen) != 4 {
		t.Errorf("%d turns ran, want 4 (\"four\" was dropped by /stop)", len(ag.seen))
	}
}

// TestFloodingProfileCannotStarveAnother gives the gateway three turn
// slots and each profile two: alpha floods slow turns, and default's
// reply must arrive before any of alpha's turns has ended (the bound: less
// than one of alpha's two-second turns), which only the per-profile cap
// makes possible.
func TestFloodingProfileCannotStarveAnother(t *testing.T) {
	ag := &historyAgent{}
	ads := map[string]*memAdapter{"default": newMemAdapter(), "alpha": newMemAdapter()}
	home := &config.Home{Gateway: config.Gateway{DrainTimeout: 5 * time.Second, MaxConcurrentTurns: 3}}
	for _, n := range []string{"default", "alpha"} {
		home.Profiles = append(home.Profiles, &config.Profile{Name: n, Agent: config.Agent{MaxConcurrentTurns: 2}})
	}
	gw, err := Start(home, Options{
		Log: zerolog.Nop(),
		Platforms: []Platform{{Name: "mem", Build: func(p *config.Profile, _ zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			return ads[p.Name], platforms.Access{AllowAll: true}, nil
		}}},
		NewAgent: func(config.Agent) (agent.Agent, error) { return ag, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		ads["alpha"].push(fmt.Sprint(100+i), "slow flood")
	}
	time.Sleep(100 * time.Millisecond) // the flood takes its slots first
	ads["default"].push("1", "fast")
	waitfor.True(t, 5*time.Second, func() bool { return len(ads["default"].Sent()) == 1 }, "default starved")
	if n := len(ads["alpha"].Sent()); n != 0 {
		t.Errorf("default was answered only after %d of alpha's slow turns ended", n)
	}
	if err := gw.Stop("test"); err != nil && !strings.Contains(err.Error(), "drain") {
		t.Fatal(err)
	}
}

// TestBusyInterruptCancelsTheRunningTurn: with busy: interrupt, a message
// arriving during a slow turn cancels it and is answered instead.
func TestBusyInterruptCancelsTheRunningTurn(t *testing.T) {
	ag := &historyAgent{}
	ad := newMemAdapter()
	home := &config.Home{Profiles: []*config.Profile{{Name: "default",
		Sessions: config.Sessions{Busy: "interrupt"}}}}
	gw, err := Start(home, Options{
		Log: zerolog.Nop(),
		Platforms: []Platform{{Name: "mem", Build: func(*config.Profile, zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			return ad, platforms.Access{AllowAll: true}, nil
		}}},
		NewAgent: func(config.Agent) (agent.Agent, error) { return ag, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	ad.push("1", "slow first")
	waitfor.True(t, 5*time.Second, func() bool { ag.mu.Lock(); defer ag.mu.Unlock(); return len(ag.seen) == 1 }, "")
	ad.push("1", "second")
	waitfor.True(t, 5*time.Second, func() bool { return len(ad.Sent()) == 1 }, "second not answered")
	if err := gw.Stop("test"); err != nil {
		t.Fatal(err)
	}
	if got := ad.Sent(); len(got) != 1 || got[0].Text != "re: second" {
		t.Errorf("sent %+v, want only the answer to the interrupting message", got)
	}
}
