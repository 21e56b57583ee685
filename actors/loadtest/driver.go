package loadtest

import (
	"context"
	"strconv"
	"time"

	"switchboard/platforms"
)

// driver feeds a mailbox run's messages to one in-memory adapter per
// profile and counts the answers that reach the sink. In the throughput
// phase each chat has a window of messages fed ahead; every first answer
// feeds the next message of its chat. The fixed-rate phase is fed by a
// pacer regardless of answers.
type driver struct {
	l        layout
	tr       *tracker
	adapters []*memAdapter
}

func newDriver(l layout, tr *tracker) *driver {
	d := &driver{l: l, tr: tr}
	// A feed never blocks: it holds every message its profile can have
	// waiting in either phase.
	perProfile := l.chats*l.window + l.rated/l.profiles + 1
	for p := range l.profiles {
		d.adapters = append(d.adapters, &memAdapter{profile: p, feed: make(chan int, perProfile), l: l, tr: tr,
			sink: d.sink})
	}
	return d
}

// anyProfile is the profile index of a sender whose profile is not
// known (the bare chain has no profiles), so not checked.
const anyProfile = -1

// sink takes one reply, sent through profile's adapter: it records the
// answer and, for a first answer in the throughput phase, feeds the next
// message of the same chat. A reply that left through another profile's
// adapter than the one its message came in by is not an answer.
func (d *driver) sink(profile int, out platforms.Outbound) {
	seq, err := strconv.Atoi(out.ReplyTo)
	if err != nil || seq < 0 || seq >= d.l.total() {
		d.tr.stray.Add(1)
		return
	}
	if p, _ := d.l.place(seq); profile != anyProfile && p != profile {
		d.tr.stray.Add(1)
		return
	}
	if !d.tr.reply(seq) {
		return
	}
	if next, ok := d.l.next(seq); ok {
		d.feed(next)
	}
}

func (d *driver) feed(seq int) {
	p, _ := d.l.place(seq)
	d.adapters[p].feed <- seq
}

// running reports whether every adapter's intake is taking messages.
func (d *driver) running() bool {
	for _, a := range d.adapters {
		if !a.running.Load() {
			return false
		}
	}
	return true
}

// startBurst feeds the first window of every chat.
func (d *driver) startBurst() {
	l := d.l
	for p := range l.profiles {
		for c := range l.chats {
			first := (p*l.chats + c) * l.messages
			for j := range min(l.window, l.messages) {
				d.feed(first + j)
			}
		}
	}
}

// pace feeds the fixed-rate phase's messages at rate per second until all
// are fed or ctx ends.
func (d *driver) pace(ctx context.Context, rate int) {
	paceEach(ctx, d.l.rated, rate, func(i int) { d.feed(d.l.burst() + i) })
}

// paceEach calls send(i) for i from 0 to n-1, the i-th at i/rate seconds
// after the start, catching up at once when it falls behind.
func paceEach(ctx context.Context, n, rate int, send func(i int)) {
	start := time.Now()
	for i := range n {
		due := start.Add(time.Duration(float64(i) * float64(time.Second) / float64(rate)))
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		if ctx.Err() != nil {
			return
		}
		send(i)
	}
}
