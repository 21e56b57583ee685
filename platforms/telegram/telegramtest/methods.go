package telegramtest

import "github.com/go-telegram/bot/models"

// methodFunc answers one Bot API method: a result to wrap in {"ok":true}, or
// an error (an *apiError, errClientGone or errShutdown).
type methodFunc func(s *Server, c *call) (any, error)

// methods maps lower-case method names to their handlers; any other name
// answers 404 Not Found, as Telegram does.
var methods = map[string]methodFunc{
	"getme":               (*Server).getMe,
	"getupdates":          (*Server).getUpdates,
	"sendmessage":         (*Server).sendMessage,
	"editmessagetext":     (*Server).editMessageText,
	"sendchataction":      (*Server).sendChatAction,
	"answercallbackquery": (*Server).answerCallbackQuery,
	"setwebhook":          (*Server).setWebhook,
	"deletewebhook":       (*Server).deleteWebhook,
	"getwebhookinfo":      (*Server).getWebhookInfo,
}

// chatActions are the actions sendChatAction accepts.
var chatActions = map[models.ChatAction]bool{
	models.ChatActionTyping: true, models.ChatActionUploadPhoto: true, models.ChatActionRecordVideo: true,
	models.ChatActionUploadVideo: true, models.ChatActionRecordVoice: true, models.ChatActionUploadVoice: true,
	models.ChatActionUploadDocument: true, models.ChatActionChooseSticker: true,
	models.ChatActionFindLocation: true, models.ChatActionRecordVideoNote: true,
	models.ChatActionUploadVideoNote: true,
}

// getMe answers the bot's own user.
func (s *Server) getMe(c *call) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return c.bot.user, nil
}

// sendChatAction checks chat_id and action and answers true.
func (s *Server) sendChatAction(c *call) (any, error) {
	if !chatActions[models.ChatAction(c.params["action"])] {
		return nil, errChatAction
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := c.bot.resolveChat(c.params["chat_id"]); err != nil {
		return nil, err
	}
	return true, nil
}

// answerCallbackQuery answers true for any non-empty callback_query_id; the
// fake does not track which queries were pushed.
func (s *Server) answerCallbackQuery(c *call) (any, error) {
	if c.params["callback_query_id"] == "" {
		return nil, errQueryID
	}
	return true, nil
}
