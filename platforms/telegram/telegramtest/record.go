package telegramtest

import (
	"maps"
	"strings"
	"time"
)

// Call is one request the server received, recorded on arrival and completed
// when answered.
type Call struct {
	// Token is the token in the URL, registered or not.
	Token string
	// Method is the method name in lower case ("sendmessage"); empty for a
	// path that is not /bot<token>/<method>.
	Method string
	// Params holds every parameter as text, as Telegram reads it: nested
	// objects as JSON, a file part as its file name.
	Params map[string]string
	// Status is the HTTP status answered; 0 while the call is in progress or
	// when no answer was sent (client gone, Hang, Reset, Close).
	Status int
	// Faulted reports whether a scripted Fault applied to the call.
	Faulted bool
	// Start is when the request arrived; End when it was answered or dropped.
	Start, End time.Time
}

// SentMessage is one accepted sendMessage call.
type SentMessage struct {
	// ChatID is the chat the message went to; an @username chat_id gets a
	// made-up channel id.
	ChatID int64
	// Text is the message text as sent.
	Text string
	// ThreadID is message_thread_id, 0 when absent.
	ThreadID int
	// ReplyToMessageID is the message replied to, from reply_parameters or
	// the legacy reply_to_message_id; 0 when absent.
	ReplyToMessageID int
	// ParseMode is parse_mode as sent, empty when absent.
	ParseMode string
	// ReplyMarkup is reply_markup as sent (JSON text), empty when absent.
	ReplyMarkup string
	// MessageID is the message_id the server assigned.
	MessageID int
}

// callKey indexes CallCount.
type callKey struct{ token, method string }

// beginCall records a call on arrival.
func (s *Server) beginCall(token, method string, params map[string]string) *Call {
	rec := &Call{Token: token, Method: method, Params: params, Start: time.Now()}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, rec)
	s.callCounts[callKey{token, method}]++
	return rec
}

// endCall completes the record of a call.
func (s *Server) endCall(rec *Call, status int, faulted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec.Status, rec.Faulted, rec.End = status, faulted, time.Now()
}

// Calls returns every call received so far, in arrival order, including
// calls with unknown tokens or methods and calls still in progress.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, rec := range s.calls {
		out[i] = *rec
		out[i].Params = maps.Clone(rec.Params)
	}
	return out
}

// CallCount returns how many calls of method (case-insensitive) arrived with
// token, whatever their outcome.
func (s *Server) CallCount(token, method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callCounts[callKey{token, strings.ToLower(method)}]
}

// Sent returns the sendMessage calls token made that were accepted, in the
// order the server accepted them; nil for an unknown token.
func (s *Server) Sent(token string) []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.bots[token]; ok {
		return append([]SentMessage(nil), b.sent...)
	}
	return nil
}
