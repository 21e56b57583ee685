package telegramtest

import (
	"errors"
	"fmt"
	"net/http"
)

// apiError is a Telegram error answer: {"ok":false,"error_code":...}.
type apiError struct {
	code            int
	description     string
	retryAfter      int
	migrateToChatID int64
	httpStatus      int // overrides code as the HTTP status when set
}

// Error returns the code and description, never a token.
func (e *apiError) Error() string {
	return fmt.Sprintf("telegram %d: %s", e.code, e.description)
}

// status is the HTTP status of the answer: the error code, as Telegram does,
// unless a fault overrides it.
func (e *apiError) status() int {
	if e.httpStatus != 0 {
		return e.httpStatus
	}
	return e.code
}

// envelope renders the error as the Bot API JSON body.
func (e *apiError) envelope() envelope {
	env := envelope{ErrorCode: e.code, Description: e.description}
	if e.retryAfter != 0 || e.migrateToChatID != 0 {
		env.Parameters = &parameters{RetryAfter: e.retryAfter, MigrateToChatID: e.migrateToChatID}
	}
	return env
}

// badRequest is a 400 with Telegram's "Bad Request: " prefix.
func badRequest(detail string) *apiError {
	return &apiError{code: http.StatusBadRequest, description: "Bad Request: " + detail}
}

var (
	// errUnauthorized answers a token that no AddBot registered.
	errUnauthorized = &apiError{code: http.StatusUnauthorized, description: "Unauthorized"}
	// errInternal answers a call that failed inside the fake itself.
	errInternal = &apiError{code: http.StatusInternalServerError, description: "Internal Server Error"}
	// errNotFound answers an unknown method or a path that is not /bot<token>/<method>.
	errNotFound = &apiError{code: http.StatusNotFound, description: "Not Found"}
	// errTerminatedByOther answers a getUpdates that a newer one for the same token replaced.
	errTerminatedByOther = &apiError{code: http.StatusConflict, description: "Conflict: terminated by other " +
		"getUpdates request; make sure that only one bot instance is running"}
	// errWebhookActive answers getUpdates while a webhook is set.
	errWebhookActive = &apiError{code: http.StatusConflict, description: "Conflict: can't use getUpdates " +
		"method while webhook is active; use deleteWebhook to delete the webhook first"}

	// errChatIDEmpty answers a method called without chat_id.
	errChatIDEmpty = badRequest("chat_id is empty")
	// errChatNotFound answers a chat_id that is neither an integer nor @username.
	errChatNotFound = badRequest("chat not found")
	// errTextEmpty answers a message whose text is empty or only whitespace.
	errTextEmpty = badRequest("message text is empty")
	// errNotUTF8 answers text that is not valid UTF-8.
	errNotUTF8 = badRequest("strings must be encoded in UTF-8")
	// errSendTooLong answers sendMessage with more than 4096 UTF-16 code units.
	errSendTooLong = badRequest("message is too long")
	// errEditTooLong answers editMessageText with more than 4096 UTF-16 code units.
	errEditTooLong = badRequest("MESSAGE_TOO_LONG")
	// errParseMode answers a parse_mode other than Markdown, MarkdownV2 or HTML.
	errParseMode = badRequest("unsupported parse_mode")
	// errReplyMarkup answers a reply_markup that is not a JSON object.
	errReplyMarkup = badRequest("can't parse reply keyboard markup JSON object")
	// errReplyParameters answers a reply_parameters that is not a JSON object.
	errReplyParameters = badRequest("can't parse reply parameters JSON object")
	// errReplyNotFound answers a reply to a message the chat does not have.
	errReplyNotFound = badRequest("message to be replied not found")
	// errEditNotFound answers an edit of a message the chat does not have.
	errEditNotFound = badRequest("message to edit not found")
	// errEditForeign answers an edit of a message the bot did not send.
	errEditForeign = badRequest("message can't be edited")
	// errNotModified answers an edit that changes nothing.
	errNotModified = badRequest("message is not modified: specified new message content and reply " +
		"markup are exactly the same as a current content and reply markup of the message")
	// errChatAction answers sendChatAction with a missing or unknown action.
	errChatAction = badRequest("wrong parameter action in request")
	// errQueryID answers answerCallbackQuery without callback_query_id.
	errQueryID = badRequest("query is too old and response timeout expired or query ID is invalid")
	// errWebhookHTTPS answers setWebhook with a URL that is not https.
	errWebhookHTTPS = badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	// errWebhookPort answers setWebhook on a port Telegram does not deliver to.
	errWebhookPort = badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
)

var (
	// errClientGone ends a call whose client went away: nothing is written.
	errClientGone = errors.New("client went away")
	// errShutdown ends a call because Close was called: the connection is dropped.
	errShutdown = errors.New("server closing")
)
