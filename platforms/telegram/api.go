package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/go-telegram/bot"
)

// errNetwork marks a call that got no complete answer: refused, reset or
// timed out.
var errNetwork = errors.New("network error")

// apiResponse is the Bot API's answer envelope.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter      int   `json:"retry_after"`
		MigrateToChatID int64 `json:"migrate_to_chat_id"`
	} `json:"parameters"`
}

// call posts params as JSON to one Bot API method and decodes the result
// into dest. Errors wrap go-telegram/bot's sentinels so that callers test
// them the same way for both our calls and the library's, and they never
// carry the token.
func (p *Poller) call(ctx context.Context, method string, params, dest any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("telegram %s: encode: %w", method, err)
	}
	url := p.apiURL + "/bot" + p.token + "/" + method
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return redactErr(fmt.Errorf("telegram %s: %w", method, err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return redactErr(fmt.Errorf("telegram %s: %w: %w", method, errNetwork, err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return redactErr(fmt.Errorf("telegram %s: read answer: %w: %w", method, errNetwork, err))
	}
	var r apiResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Errorf("telegram %s: HTTP %d with a body that is not a Bot API answer: %w",
			method, resp.StatusCode, err)
	}
	if !r.OK {
		return fmt.Errorf("telegram %s: %w", method, apiError(r))
	}
	if dest == nil {
		return nil
	}
	if err := json.Unmarshal(r.Result, dest); err != nil {
		return fmt.Errorf("telegram %s: decode result: %w", method, err)
	}
	return nil
}

// apiError turns a failed answer into the library's error values.
func apiError(r apiResponse) error {
	switch r.ErrorCode {
	case http.StatusUnauthorized:
		return fmt.Errorf("%w, %s", bot.ErrorUnauthorized, r.Description)
	case http.StatusForbidden:
		return fmt.Errorf("%w, %s", bot.ErrorForbidden, r.Description)
	case http.StatusNotFound:
		return fmt.Errorf("%w, %s", bot.ErrorNotFound, r.Description)
	case http.StatusConflict:
		return fmt.Errorf("%w, %s", bot.ErrorConflict, r.Description)
	case http.StatusTooManyRequests:
		return &bot.TooManyRequestsError{
			Message:    fmt.Sprintf("%s, %s", bot.ErrorTooManyRequests, r.Description),
			RetryAfter: r.Parameters.RetryAfter,
		}
	case http.StatusBadRequest:
		if r.Parameters.MigrateToChatID != 0 {
			return &bot.MigrateError{
				Message:         fmt.Sprintf("%s: %s", bot.ErrorBadRequest, r.Description),
				MigrateToChatID: int(r.Parameters.MigrateToChatID),
			}
		}
		return fmt.Errorf("%w, %s", bot.ErrorBadRequest, r.Description)
	default:
		return fmt.Errorf("error %d, %s", r.ErrorCode, r.Description)
	}
}
