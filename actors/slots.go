package actors

import "context"

// slots caps agent turns running at once, per profile and across the
// gateway, so that one tenant's flood of slow turns cannot take every
// agent slot: a profile at its own cap waits, the others go on. A nil
// channel means no cap at that level.
type slots struct {
	profile, global chan struct{}
}

func newSlots(n int) chan struct{} {
	if n <= 0 {
		return nil
	}
	return make(chan struct{}, n)
}

// acquire waits for a slot at both levels, profile first, or for ctx.
func (s slots) acquire(ctx context.Context) error {
	if err := take(ctx, s.profile); err != nil {
		return err
	}
	if err := take(ctx, s.global); err != nil {
		give(s.profile)
		return err
	}
	return nil
}

// release returns both slots.
func (s slots) release() {
	give(s.global)
	give(s.profile)
}

func take(ctx context.Context, ch chan struct{}) error {
	if ch == nil {
		return nil
	}
	select {
	case ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func give(ch chan struct{}) {
	if ch != nil {
		<-ch
	}
}
