package actors

import (
	"fmt"

	"github.com/asynkron/protoactor-go/actor"

	"switchboard/actors/agent"
	"switchboard/platforms"
)

// helpText answers /help.
const helpText = `Commands:
/new - start a new conversation
/stop - stop the answer being written
/status - show this conversation's profile, agent and length
/whoami - show who and where you are to this bot
/help - this list`

// command answers the chat commands that must not wait behind a running
// turn: /stop, /status, /whoami and /help. It reports whether in was one
// of them. /new waits its turn in the queue, so that it resets the
// conversation after the messages sent before it.
func (s *sessionActor) command(c actor.Context, in *platforms.Inbound) bool {
	var text string
	switch in.Command {
	case "stop":
		text = s.stop(c)
	case "status":
		text = fmt.Sprintf("Profile: %s\nAgent: %s\nMessages in this conversation: %d\nWaiting: %d",
			s.profile, s.agentInfo, len(s.history), len(s.queue))
	case "whoami":
		src := in.Source
		text = fmt.Sprintf("User: %s %s\nChat: %s %s\nProfile: %s", src.UserID, src.UserName,
			src.ChatType, src.ChatID, s.profile)
	case "help":
		text = helpText
	default:
		return false
	}
	c.Send(c.Parent(), &platforms.Outbound{Source: in.Source, Text: text, Receipt: in.Receipt})
	return true
}

// stop cancels the running turn and drops the messages waiting behind it,
// confirming each as handled.
func (s *sessionActor) stop(c actor.Context) string {
	if !s.running && len(s.queue) == 0 {
		return "Nothing to stop."
	}
	if s.running && s.cancelTurn != nil {
		s.cancelTurn()
	}
	kept := s.queue[:0]
	for _, in := range s.queue {
		if in.Command == "new" {
			kept = append(kept, in) // a reset asked for still happens
			continue
		}
		c.Send(c.Parent(), &platforms.Outbound{Source: in.Source, Receipt: in.Receipt})
	}
	s.queue = kept
	return "Stopped."
}

// remember adds a finished exchange to the conversation's history.
func (s *sessionActor) remember(user, assistant string) {
	s.history = append(s.history,
		agent.Message{Role: agent.RoleUser, Content: user},
		agent.Message{Role: agent.RoleAssistant, Content: assistant})
	if over := len(s.history) - maxHistory; over > 0 {
		s.history = s.history[over:]
	}
}
