package loadtest

import (
	"context"
	"sync/atomic"

	"switchboard/platforms"
)

// memAdapter is one profile's in-memory platform account. Its intake
// delivers the messages the driver feeds it, stamping each as sent just
// before handing it over; Send hands each reply to the driver's sink.
type memAdapter struct {
	profile int // index of the profile it belongs to
	feed    chan int
	l       layout
	tr      *tracker
	sink    func(profile int, out platforms.Outbound)
	running atomic.Bool
}

var _ platforms.Adapter = (*memAdapter)(nil)

// Platform returns the in-memory platform's name.
func (a *memAdapter) Platform() string { return platformName }

// Run delivers fed messages until ctx ends.
func (a *memAdapter) Run(ctx context.Context, in platforms.Intake) error {
	a.deliver(ctx, in)
	return nil
}

// deliver hands over fed messages until ctx ends.
func (a *memAdapter) deliver(ctx context.Context, in platforms.Intake) {
	in.Progress()
	a.running.Store(true)
	defer a.running.Store(false)
	for {
		select {
		case <-ctx.Done():
			return
		case seq := <-a.feed:
			msg := a.l.inbound(seq)
			a.tr.sent(seq)
			in.Deliver(msg)
		}
	}
}

// Send passes a reply to the sink, saying which profile's adapter sent
// it. An empty reply only confirms its message and is not an answer.
func (a *memAdapter) Send(_ context.Context, out platforms.Outbound) error {
	if out.Text != "" {
		a.sink(a.profile, out)
	}
	return nil
}
