package actors

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"go.uber.org/goleak"

	"switchboard/actors/agent"
	"switchboard/actors/waitfor"
	"switchboard/config"
	"switchboard/platforms"
)

func TestMain(m *testing.M) {
	// protoactor's dead-letter log throttle lives one period (1s) after a
	// message reaches a stopped actor and then ends by itself.
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction(
		"github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"))
}

// memAdapter is an in-memory adapter: tests feed it messages and read what
// it sent. It exercises the actor tree without any platform protocol; the
// Telegram path is tested end to end against the fake Bot API elsewhere.
type memAdapter struct {
	in   chan platforms.Inbound
	mu   sync.Mutex
	sent []platforms.Outbound
	runs atomic.Int32
	fail chan error
	// cancels withdraws messages of user "1" by receipt (their text).
	cancels chan string
}

func newMemAdapter() *memAdapter {
	return &memAdapter{in: make(chan platforms.Inbound, 100), fail: make(chan error, 1), cancels: make(chan string, 10)}
}

func (m *memAdapter) Platform() string { return "mem" }

func (m *memAdapter) Run(ctx context.Context, intake platforms.Intake) error {
	m.runs.Add(1)
	intake.Progress()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-m.fail:
			return err
		case receipt := <-m.cancels:
			intake.Cancel(platforms.Source{Platform: "mem", ChatType: platforms.ChatDM, ChatID: "1", UserID: "1"}, receipt)
		case in := <-m.in:
			intake.Deliver(in)
		}
	}
}

func (m *memAdapter) Send(_ context.Context, out platforms.Outbound) error {
	if out.Text == "" {
		return nil // an empty reply only confirms its message
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, out)
	return nil
}

func (m *memAdapter) Sent() []platforms.Outbound {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]platforms.Outbound(nil), m.sent...)
}

func (m *memAdapter) push(user, text string) {
	m.in <- platforms.Inbound{
		Source: platforms.Source{Platform: "mem", ChatType: platforms.ChatDM, ChatID: user, UserID: user},
		Text:   text, Receipt: text,
	}
}

// countingAgent echoes, counts turns, and can be slowed or made to panic.
type countingAgent struct {
	turns atomic.Int32
	delay time.Duration
	panic string // panic when the text equals this
}

func (a *countingAgent) Respond(ctx context.Context, t agent.Turn) (agent.Reply, error) {
	a.turns.Add(1)
	if a.panic != "" && t.Text == a.panic {
		panic("agent exploded")
	}
	select {
	case <-time.After(a.delay):
	case <-ctx.Done():
		return agent.Reply{}, ctx.Err()
	}
	return agent.Reply{Text: t.Text}, nil
}

// startGateway runs a gateway whose profiles each own one memAdapter.
func startGateway(t *testing.T, access platforms.Access, ag agent.Agent, names ...string) (*Gateway, map[string]*memAdapter) {
	t.Helper()
	home := &config.Home{Gateway: config.Gateway{DrainTimeout: 5 * time.Second}}
	adapters := map[string]*memAdapter{}
	for _, n := range names {
		home.Profiles = append(home.Profiles, &config.Profile{Name: n})
		adapters[n] = newMemAdapter()
	}
	opts := Options{
		Log: zerolog.Nop(),
		Platforms: []Platform{{Name: "mem", Build: func(p *config.Profile, _ zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			return adapters[p.Name], access, nil
		}}},
		NewAgent: func(config.Agent) (agent.Agent, error) { return ag, nil },
	}
	gw, err := Start(home, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	return gw, adapters
}

func TestDeniedUserCostsNoTurn(t *testing.T) {
	ag := &countingAgent{}
	gw, ads := startGateway(t, platforms.Access{Users: []string{"42"}}, ag, "default")
	ad := ads["default"]
	ad.push("7", "let me in")
	ad.push("7", "please")
	ad.push("42", "hello")
	waitfor.True(t, 5*time.Second, func() bool { return len(ad.Sent()) == 1 }, "want one reply, got %v", ad.Sent())
	if err := gw.Stop("test"); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if got := ag.turns.Load(); got != 1 {
		t.Errorf("agent turns = %d, want 1 (denied messages cost no turn)", got)
	}
	if got := ad.Sent(); len(got) != 1 || got[0].Source.UserID != "42" {
		t.Errorf("replies = %+v, want exactly one, to user 42", got)
	}
}

func TestStopFinishesTurnsInFlight(t *testing.T) {
	ag := &countingAgent{delay: 50 * time.Millisecond}
	gw, ads := startGateway(t, platforms.Access{AllowAll: true}, ag, "default", "alpha")
	for _, ad := range ads {
		for i := range 5 {
			ad.push("1", fmt.Sprintf("m%d", i))
		}
	}
	waitfor.True(t, 5*time.Second, func() bool { return ag.turns.Load() >= 1 }, "no turn started")
	if err := gw.Stop("test"); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	for name, ad := range ads {
		var texts []string
		for _, o := range ad.Sent() {
			texts = append(texts, o.Text)
		}
		if got, want := strings.Join(texts, ","), "m0,m1,m2,m3,m4"; got != want {
			t.Errorf("profile %s replies = %q, want %q in order", name, got, want)
		}
	}
}

func TestPanickingAgentFailsOnlyItsTurn(t *testing.T) {
	ag := &countingAgent{panic: "boom"}
	gw, ads := startGateway(t, platforms.Access{AllowAll: true}, ag, "default", "alpha")
	ads["alpha"].push("1", "boom")
	ads["alpha"].push("1", "after")
	ads["default"].push("1", "fine")
	waitfor.True(t, 5*time.Second, func() bool {
		return len(ads["alpha"].Sent()) == 2 && len(ads["default"].Sent()) == 1
	}, "alpha sent %v, default sent %v", ads["alpha"].Sent(), ads["default"].Sent())
	if err := gw.Stop("test"); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if got := ads["alpha"].Sent()[0].Text; got != turnFailedText {
		t.Errorf("reply to the panicking turn = %q, want the plain failure text", got)
	}
}

func TestTransientIntakeFailureRestartsAdapter(t *testing.T) {
	ag := &countingAgent{}
	gw, ads := startGateway(t, platforms.Access{AllowAll: true}, ag, "default")
	ad := ads["default"]
	waitfor.True(t, 5*time.Second, func() bool { return ad.runs.Load() == 1 }, "intake never ran")
	ad.fail <- errors.New("connection reset")
	waitfor.True(t, 5*time.Second, func() bool { return ad.runs.Load() == 2 }, "intake not restarted")
	ad.push("1", "still here")
	waitfor.True(t, 5*time.Second, func() bool { return len(ad.Sent()) == 1 }, "no reply after restart")
	if err := gw.Stop("test"); err != nil {
		t.Fatalf("Stop: %v", err)
	}
}

func TestPermanentIntakeFailureParksAdapter(t *testing.T) {
	ag := &countingAgent{}
	gw, ads := startGateway(t, platforms.Access{AllowAll: true}, ag, "default")
	ad := ads["default"]
	waitfor.True(t, 5*time.Second, func() bool { return ad.runs.Load() == 1 }, "intake never ran")
	ad.fail <- fmt.Errorf("bad token: %w", platforms.ErrPermanent)
	if waitfor.Wait(1500*time.Millisecond, func() bool { return ad.runs.Load() > 1 }) {
		t.Fatalf("a permanent failure restarted the intake")
	}
	if err := gw.Stop("test"); err != nil {
		t.Fatalf("Stop: %v", err)
	}
}

// typingAdapter is a memAdapter that counts typing indicators.
type typingAdapter struct {
	*memAdapter
	typed atomic.Int32
}

func (a *typingAdapter) Typing(context.Context, platforms.Source) error {
	a.typed.Add(1)
	return nil
}

func TestTypingShowsWhileATurnRuns(t *testing.T) {
	ad := &typingAdapter{memAdapter: newMemAdapter()}
	home := &config.Home{Profiles: []*config.Profile{{Name: "default"}}}
	gw, err := Start(home, Options{
		Log: zerolog.Nop(),
		Platforms: []Platform{{Name: "mem", Build: func(*config.Profile, zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			return ad, platforms.Access{AllowAll: true}, nil
		}}},
		NewAgent: func(config.Agent) (agent.Agent, error) { return &countingAgent{delay: 300 * time.Millisecond}, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	ad.push("1", "slow")
	waitfor.True(t, 5*time.Second, func() bool { return len(ad.Sent()) == 1 }, "no reply")
	if err := gw.Stop("test"); err != nil {
		t.Fatal(err)
	}
	if ad.typed.Load() == 0 {
		t.Errorf("no typing indicator while the turn ran")
	}
}

// TestIdleSessionsAreFreedWithoutLosingMessages lets sessions go idle past
// a short timeout between messages and checks that they are stopped and
// started again while every message is still answered.
func TestIdleSessionsAreFreedWithoutLosingMessages(t *testing.T) {
	ad := newMemAdapter()
	var logs syncBuffer
	home := &config.Home{Profiles: []*config.Profile{{Name: "default",
		Sessions: config.Sessions{IdleTimeout: 60 * time.Millisecond}}}}
	gw, err := Start(home, Options{
		Log: zerolog.New(&logs),
		Platforms: []Platform{{Name: "mem", Build: func(*config.Profile, zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			return ad, platforms.Access{AllowAll: true}, nil
		}}},
		NewAgent: func(config.Agent) (agent.Agent, error) { return &countingAgent{}, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	// Messages with pauses around the idle timeout, until the session has
	// been freed and started again at least once (bounded).
	sent := 0
	for sent < 60 && strings.Count(logs.String(), `"session started"`) < 2 {
		ad.push("1", fmt.Sprint(sent))
		sent++
		time.Sleep(time.Duration(sent%4) * 40 * time.Millisecond) // pacing: some gaps outlast the timeout
	}
	waitfor.True(t, 5*time.Second, func() bool { return len(ad.Sent()) == sent }, "%d of %d answered", len(ad.Sent()), sent)
	if err := gw.Stop("test"); err != nil {
		t.Fatal(err)
	}
	if starts := strings.Count(logs.String(), `"session started"`); starts < 2 {
		t.Errorf("session started %d times in %d messages, want it freed and started again", starts, sent)
	}
	if got := len(ad.Sent()); got != sent {
		t.Errorf("%d of %d messages answered", got, sent)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestCancelWithdrawsRunningAndQueuedTurns cancels a running turn and a
// queued one; neither is answered, and the message after them is.
func TestCancelWithdrawsRunningAndQueuedTurns(t *testing.T) {
	ag := &countingAgent{delay: 500 * time.Millisecond}
	gw, ads := startGateway(t, platforms.Access{AllowAll: true}, ag, "default")
	ad := ads["default"]
	ad.push("1", "running")
	ad.push("1", "queued")
	waitfor.True(t, 5*time.Second, func() bool { return ag.turns.Load() == 1 }, "first turn not started")
	ad.cancels <- "queued"
	ad.cancels <- "running"
	waitfor.True(t, 5*time.Second, func() bool { return ag.turns.Load() == 1 && len(ad.in) == 0 }, "")
	ad.push("1", "after")
	waitfor.True(t, 5*time.Second, func() bool { return len(ad.Sent()) == 1 }, "message after the cancels not answered")
	if err := gw.Stop("test"); err != nil {
		t.Fatal(err)
	}
	if got := ad.Sent(); got[0].Text != "after" || ag.turns.Load() != 2 {
		t.Errorf("sent %+v after %d turns, want only \"after\" and no turn for the queued message", got, ag.turns.Load())
	}
}
