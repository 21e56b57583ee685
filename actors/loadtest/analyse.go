package loadtest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// e2eAnswers is what the fake saw of an e2e measurement's answers: for each
// message, the accepted sendMessage calls echoing it and when the first
// arrived, and when the update was in the bot's hands.
type e2eAnswers struct {
	r        *e2eRun
	sys      e2eSystem
	calls    []callAt
	count    []int
	firstAt  []time.Time
	received []time.Time
	problems []string
}

// callAt is when a call of a method reached the fake.
type callAt struct {
	method string
	at     time.Time
}

// analyse reads every call the fake recorded. An answer sent through
// another bot than the one written to, or to another chat, is a problem,
// not an answer.
func (r *e2eRun) analyse(sys e2eSystem) *e2eAnswers {
	n := r.l.total()
	a := &e2eAnswers{r: r, sys: sys, count: make([]int, n), firstAt: make([]time.Time, n),
		received: make([]time.Time, n)}
	misrouted := 0
	for _, c := range r.srv.Calls() {
		a.calls = append(a.calls, callAt{method: c.Method, at: c.Start})
		if c.Method != "sendmessage" || c.Status != http.StatusOK {
			continue
		}
		seq, ok := parseMessageText(c.Params["text"])
		if !ok || seq >= n {
			misrouted++
			continue
		}
		b, chat := r.l.place(seq)
		if c.Token != r.tokens[b] || c.Params["chat_id"] != strconv.Itoa(chatBase+chat) {
			misrouted++
			continue
		}
		if a.count[seq]++; a.count[seq] == 1 {
			a.firstAt[seq] = c.Start
		}
	}
	if misrouted > 0 {
		a.problems = append(a.problems, fmt.Sprintf("%d answers went to the wrong bot or chat", misrouted))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for seq := range n {
		if at, ok := sys.receivedAt(seq, r.updates[seq]); ok {
			a.received[seq] = at
		}
	}
	return a
}

// run builds the Result of the phase holding messages from to to-1.
func (a *e2eAnswers) run(st phaseStats, name, phase string, from, to int) Result {
	var t tally
	var end time.Time
	var total, added []int64
	a.r.mu.Lock()
	defer a.r.mu.Unlock()
	for seq := from; seq < to; seq++ {
		switch n := a.count[seq]; {
		case n == 0:
			t.missing++
			continue
		default:
			t.answered++
			t.duplicates += n - 1
		}
		at := a.firstAt[seq]
		if at.After(end) {
			end = at
		}
		total = append(total, int64(at.Sub(a.r.pushedAt[seq])))
		if rec := a.received[seq]; !rec.IsZero() {
			added = append(added, int64(at.Sub(rec)))
		}
	}
	run := st.run(name, phase, to-from, t, end, summarize(total))
	if len(added) > 0 {
		l := summarize(added)
		run.Added = &l
	}
	run.APICalls = map[string]int{}
	for _, c := range a.calls {
		if !c.at.Before(st.start) && !c.at.After(end) {
			run.APICalls[c.method]++
		}
	}
	if g, ok := a.sys.(*e2eGateway); ok {
		record, done := g.inbox.latencies(st.start, end)
		run.InboxRecord, run.InboxDone = &record, &done
	}
	return run
}
