package actors

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"switchboard/config"
	"switchboard/platforms"
)

// benchWindow is how many messages a routing benchmark keeps in flight.
const benchWindow = 256

// benchAdapter is an in-memory adapter for benchmarks: its intake delivers
// what is put in in, and each non-empty reply is signalled on replies.
type benchAdapter struct {
	in      chan platforms.Inbound
	replies chan struct{}
}

func (a *benchAdapter) Platform() string { return "bench" }

func (a *benchAdapter) Run(ctx context.Context, intake platforms.Intake) error {
	intake.Progress()
	for {
		select {
		case <-ctx.Done():
			return nil
		case m := <-a.in:
			intake.Deliver(m)
		}
	}
}

func (a *benchAdapter) Send(_ context.Context, out platforms.Outbound) error {
	if out.Text != "" {
		a.replies <- struct{}{}
	}
	return nil
}

// BenchmarkProfileToSession is the gateway's hot path without a network:
// adapter intake → profile (admission, session key, lookup) → session →
// echo agent turn → profile → adapter → Send, with sessions already
// running. ns/op is per message at saturation with benchWindow in flight;
// allocs/op counts every goroutine's allocations.
func BenchmarkProfileToSession(b *testing.B) {
	for _, chats := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("chats=%d", chats), func(b *testing.B) {
			benchRoute(b, chats, config.DefaultIdleTimeout, true)
		})
	}
}

// BenchmarkFirstMessage sends every message to a chat not seen before, so
// each one spawns its session. Sessions idle for 100ms are stopped, which
// keeps memory bounded and puts the sweeping into the figure too.
func BenchmarkFirstMessage(b *testing.B) {
	benchRoute(b, 0, 100*time.Millisecond, false)
}

// benchRoute runs b.N messages through one profile. With chats > 0 they
// cycle over that many chats, each answered once before the timer starts;
// with chats 0 every message opens a chat of its own.
func benchRoute(b *testing.B, chats int, idle time.Duration, warm bool) {
	ad := &benchAdapter{in: make(chan platforms.Inbound, benchWindow), replies: make(chan struct{}, benchWindow)}
	home := &config.Home{Gateway: config.Gateway{DrainTimeout: 10 * time.Second}, Profiles: []*config.Profile{
		{Name: config.DefaultProfile, Sessions: config.Sessions{PerUserInGroups: true, IdleTimeout: idle}}}}
	gw, err := Start(home, Options{Log: zerolog.Nop(), Platforms: []Platform{{Name: "bench",
		Build: func(*config.Profile, zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			return ad, platforms.Access{AllowAll: true}, nil
		}}}})
	if err != nil {
		b.Fatal(err)
	}
	msg := func(i int) platforms.Inbound {
		if chats > 0 {
			i %= chats
		}
		id := strconv.Itoa(100_000 + i)
		return platforms.Inbound{Source: platforms.Source{Platform: "bench", ChatType: platforms.ChatDM,
			ChatID: id, UserID: id}, Text: "hello " + id, MessageID: id}
	}
	if warm {
		for i := range chats {
			ad.in <- msg(i)
			<-ad.replies
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for sent, got := 0, 0; got < b.N; got++ {
		for ; sent < b.N && sent-got < benchWindow; sent++ {
			ad.in <- msg(sent)
		}
		<-ad.replies
	}
	b.StopTimer()
	if err := gw.Stop("benchmark done"); err != nil {
		b.Fatal(err)
	}
}
