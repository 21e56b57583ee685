package loadtest

import (
	"strconv"

	"switchboard/platforms"
)

// platformName is the platform of the in-memory adapters, as it appears in
// session keys.
const platformName = "loadtest"

// chatBase is added to a chat's index to make its chat and user id, so that
// ids look like a platform's (positive, several digits).
const chatBase = 100_000

// layout numbers the messages of a mailbox run. The throughput phase comes
// first: message j of chat c of profile p is (p·chats + c)·messages + j.
// The fixed-rate phase's messages follow, dealt round-robin over the
// profiles, then over the chats.
type layout struct {
	profiles, chats, messages int
	// window is how many messages of one chat are fed ahead of their answers
	// in the throughput phase.
	window int
	// rated is the number of messages of the fixed-rate phase.
	rated int
}

// burst is the number of messages of the throughput phase.
func (l layout) burst() int { return l.profiles * l.chats * l.messages }

// total is the number of messages of both phases.
func (l layout) total() int { return l.burst() + l.rated }

// place returns the profile and chat of message seq.
func (l layout) place(seq int) (profile, chat int) {
	if seq < l.burst() {
		perChat := seq / l.messages
		return perChat / l.chats, perChat % l.chats
	}
	i := seq - l.burst()
	return i % l.profiles, (i / l.profiles) % l.chats
}

// next returns the message to feed once seq is answered: the one window
// places later in the same chat, during the throughput phase only.
func (l layout) next(seq int) (int, bool) {
	if seq >= l.burst() || seq%l.messages+l.window >= l.messages {
		return 0, false
	}
	return seq + l.window, true
}

// inbound is message seq as its adapter hands it over: a direct message
// whose MessageID is seq, which the reply carries back as ReplyTo.
func (l layout) inbound(seq int) platforms.Inbound {
	_, chat := l.place(seq)
	id := strconv.Itoa(chatBase + chat)
	n := strconv.Itoa(seq)
	return platforms.Inbound{
		Source:    platforms.Source{Platform: platformName, ChatType: platforms.ChatDM, ChatID: id, UserID: id},
		Text:      "load test message " + n,
		MessageID: n,
	}
}
