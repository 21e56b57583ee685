package telegramtest

import (
	"encoding/json"
	"errors"
	"net/http"
)

// call is one request being answered.
type call struct {
	w       http.ResponseWriter
	r       *http.Request
	method  string            // lower-case
	params  map[string]string // parsed body and query
	bot     *botState         // nil until the token is known
	poll    *poll             // set for getUpdates
	status  int               // HTTP status written; 0 while none
	faulted bool              // a scripted fault applied
}

// described is a successful result that also carries a description, as
// setWebhook's "Webhook was set".
type described struct {
	result      any
	description string
}

// envelope is the JSON body of every Bot API answer.
type envelope struct {
	OK          bool        `json:"ok"`
	Result      any         `json:"result,omitempty"`
	ErrorCode   int         `json:"error_code,omitempty"`
	Description string      `json:"description,omitempty"`
	Parameters  *parameters `json:"parameters,omitempty"`
}

// parameters is the envelope's optional hint for the client.
type parameters struct {
	RetryAfter      int   `json:"retry_after,omitempty"`
	MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
}

// answer writes a method's outcome: a result, a Telegram error, nothing at
// all when the client is gone, or a dropped connection when the server stops.
func (c *call) answer(result any, err error) {
	var apiErr *apiError
	switch {
	case err == nil:
		c.writeJSON(http.StatusOK, okEnvelope(result))
	case errors.Is(err, errClientGone):
		// Nobody is listening, so nothing is written.
	case errors.Is(err, errShutdown):
		// Abort the response: the client sees the connection drop, as when a
		// real server goes away. net/http does not log this panic.
		panic(http.ErrAbortHandler)
	case errors.As(err, &apiErr):
		c.writeJSON(apiErr.status(), apiErr.envelope())
	default:
		c.writeJSON(http.StatusInternalServerError, errInternal.envelope())
	}
}

// okEnvelope wraps a successful result.
func okEnvelope(result any) envelope {
	if d, ok := result.(described); ok {
		return envelope{OK: true, Result: d.result, Description: d.description}
	}
	return envelope{OK: true, Result: result}
}

// writeJSON writes an envelope with the given HTTP status.
func (c *call) writeJSON(status int, env envelope) {
	body, err := json.Marshal(env)
	if err != nil {
		// Only a bug in this package can get here: results are plain structs.
		panic("telegramtest: encode answer: " + err.Error())
	}
	c.w.Header().Set("Content-Type", "application/json")
	c.writeBody(status, body)
}

// writeBody writes status and body and remembers the status for Calls.
func (c *call) writeBody(status int, body []byte) {
	c.status = status
	c.w.WriteHeader(status)
	// A write error means the client went away; the call is recorded anyway.
	_, _ = c.w.Write(body)
}
