package actors

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"switchboard/actors/agent"
	"switchboard/platforms"
)

// Messages that stay on one node are plain Go structs. Inbound and Outbound
// travel as *platforms.Inbound and *platforms.Outbound.

// drain asks a profile to take no new messages and finish what it holds. The
// profile answers drained once its sessions are idle and its adapters have
// sent every reply.
type drain struct{}

// drained answers drain.
type drained struct{ profile string }

// stopIntake asks an adapter actor to stop taking messages from its
// platform; it answers intakeStopped once its intake goroutine has ended.
type stopIntake struct{}

type intakeStopped struct{ platform string }

// flush asks an adapter actor to answer flushed once no reply is queued or
// being sent.
type flush struct{}

type flushed struct{ platform string }

// idleCheck asks a session to answer idle once no turn runs or waits.
type idleCheck struct{}

type idle struct{ key string }

// runEnded reports that an adapter's intake goroutine returned.
type runEnded struct{ err error }

// sendDone reports that one reply finished sending (or failed).
type sendDone struct {
	chat string
	err  error
}

// turnDone reports that an agent turn finished.
type turnDone struct {
	in    *platforms.Inbound
	reply string
	err   error
	reset bool // the "turn" was /new: nothing to remember
	// streamID names the turn's streamed reply, if it was streamed.
	streamID string
}

// historyLoaded hands a session its stored conversation.
type historyLoaded struct{ msgs []agent.Message }

// adapterFatal reports that an adapter parked after a permanent failure.
type adapterFatal struct {
	platform string
	err      error
}

// profileStarted tells the gateway that a profile's adapters have all had
// their credential claims answered, so the next profile may claim.
type profileStarted struct{ profile string }

// claimed tells a profile that one adapter's claim was answered.
type claimed struct{}

// progressed tells an adapter actor, and then its profile, that the
// platform answered (a poll returned).
type progressed struct{ pid *actor.PID }

// connectedNow tells an adapter actor that its platform accepted the
// credentials.
type connectedNow struct{}

// platformStatus updates one <profile>:<platform> entry of the state file.
type platformStatus struct {
	key         string
	state       string
	code        string
	message     string
	account     string
	fingerprint string
	progressAt  time.Time
}

// sessionIdle tells a profile that a session has nothing to do, so it may
// be stopped once it stays idle past sessions.idle_timeout.
type sessionIdle struct{ key string }

// sweep asks a profile to stop sessions idle past their timeout.
type sweep struct{}
