package loadtest

import (
	"context"
	"log/slog"
	"sync"

	"github.com/asynkron/protoactor-go/actor"

	"switchboard/platforms"
)

// chain is the engine's own ceiling: three bare protoactor actors in a row,
// standing where the gateway has profile, session and adapter, the last
// handing each message to the sink. It does none of the gateway's work: no
// admission, session keys, agent turns in goroutines, typing, metrics,
// logging or supervision middleware.
type chain struct {
	sys    *actor.ActorSystem
	pids   []*actor.PID // head first
	cancel context.CancelFunc
	intake sync.WaitGroup
}

// startChain spawns the chain and runs every adapter of d delivering into
// its head, as the gateway runs an adapter's intake.
func startChain(d *driver) *chain {
	sys := actor.NewActorSystem(actor.WithLoggerFactory(quietLogs))
	last := sys.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
		if in, ok := c.Message().(*platforms.Inbound); ok {
			d.sink(anyProfile, platforms.Outbound{Source: in.Source, Text: in.Text, ReplyTo: in.MessageID})
		}
	}))
	mid := forwarder(sys, last)
	head := forwarder(sys, mid)
	ch := &chain{sys: sys, pids: []*actor.PID{head, mid, last}}
	ctx, cancel := context.WithCancel(context.Background())
	ch.cancel = cancel
	in := chainIntake{root: sys.Root, head: head}
	for _, a := range d.adapters {
		ch.intake.Go(func() { a.deliver(ctx, in) })
	}
	return ch
}

// forwarder is an actor that sends every Inbound on to next.
func forwarder(sys *actor.ActorSystem, next *actor.PID) *actor.PID {
	return sys.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
		if in, ok := c.Message().(*platforms.Inbound); ok {
			c.Send(next, in)
		}
	}))
}

// stop ends the intake, then stops the actors head first, each after the
// previous one is gone, so that no message is left in flight.
func (ch *chain) stop() error {
	ch.cancel()
	ch.intake.Wait()
	for _, pid := range ch.pids {
		if err := ch.sys.Root.StopFuture(pid).Wait(); err != nil {
			return err
		}
	}
	ch.sys.Shutdown()
	return nil
}

// chainIntake hands an adapter's messages to the head of the chain.
type chainIntake struct {
	root *actor.RootContext
	head *actor.PID
}

func (i chainIntake) Deliver(in platforms.Inbound)  { i.root.Send(i.head, &in) }
func (chainIntake) Progress()                       {}
func (chainIntake) Connected()                      {}
func (chainIntake) Cancel(platforms.Source, string) {}

// quietLogs drops protoactor's own log output.
func quietLogs(*actor.ActorSystem) *slog.Logger { return slog.New(slog.DiscardHandler) }
