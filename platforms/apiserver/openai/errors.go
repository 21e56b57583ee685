package openai

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// Error types used in the "type" field of an error object.
const (
	typeInvalidRequest = "invalid_request_error"
	typeServer         = "server_error"
)

// genericFailure is what a client is told when a Runner fails without a
// StatusError: the cause stays in the log.
const genericFailure = "The server had an error while processing your request."

// StatusError is an error a Runner returns to choose the HTTP answer, for
// example 503 "profile not running" or 504 when a turn times out. Every
// field is optional: Status defaults to 500, Type to "server_error" and
// Message to a generic sentence. Message is shown to the client, so it
// must not carry internals. Code, if set, fills the error object's "code".
type StatusError struct {
	Status  int
	Type    string
	Code    string
	Message string
}

// Error returns the status and message, for logs.
func (e StatusError) Error() string {
	return fmt.Sprintf("openai status %d: %s", e.Status, e.Message)
}

// asStatusError finds a StatusError, by value or by pointer, in err's chain.
func asStatusError(err error) (StatusError, bool) {
	var v StatusError
	if errors.As(err, &v) {
		return v, true
	}
	var p *StatusError
	if errors.As(err, &p) && p != nil {
		return *p, true
	}
	return StatusError{}, false
}

// apiError is the OpenAI error object. Param and Code are JSON null when
// empty, as the OpenAI API sends them.
type apiError struct {
	status  int
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

// errorBody wraps an apiError the way it travels: {"error":{...}}.
type errorBody struct {
	Error apiError `json:"error"`
}

// invalid builds a 400 invalid_request_error about param.
func invalid(param, code, format string, args ...any) apiError {
	return apiError{
		status:  http.StatusBadRequest,
		Message: fmt.Sprintf(format, args...),
		Type:    typeInvalidRequest,
		Param:   nullable(param),
		Code:    nullable(code),
	}
}

// fromRunError turns a Runner's error into the error object a client sees.
func fromRunError(err error) apiError {
	se, ok := asStatusError(err)
	if !ok {
		se = StatusError{}
	}
	e := apiError{status: se.Status, Message: se.Message, Type: se.Type, Code: nullable(se.Code)}
	if e.status < 400 || e.status > 599 {
		e.status = http.StatusInternalServerError
	}
	if e.Type == "" {
		e.Type = typeServer
	}
	if e.Message == "" {
		e.Message = genericFailure
	}
	return e
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// writeError answers with e as a JSON error object.
func (h *handler) writeError(w http.ResponseWriter, e apiError) {
	h.writeJSON(w, e.status, errorBody{Error: e})
}

// serverErrorBody is sent when an answer cannot be encoded, which the plain
// structs this package sends never cause.
const serverErrorBody = `{"error":{"message":"` + genericFailure +
	`","type":"server_error","param":null,"code":null}}`

// writeJSON answers with v encoded as JSON. A write error means the client
// is gone, so there is no one left to tell; it is logged at debug level.
func (h *handler) writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		h.log.Error().Err(err).Msg("encode response")
		status, body = http.StatusInternalServerError, []byte(serverErrorBody)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if _, err := w.Write(append(body, '\n')); err != nil {
		h.log.Debug().Err(err).Msg("write response")
	}
}
