package agent

import (
	"encoding/json"
	"mime"
	"net/http"
)

// maxChatAnswer caps a chat-completions answer, streamed or not.
const maxChatAnswer = 8 << 20

// chatRequest is the body of POST /chat/completions.
type chatRequest struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Temperature *float64  `json:"temperature,omitempty"`
	MaxTokens   int       `json:"max_tokens,omitempty"`
	Stream      bool      `json:"stream,omitempty"`
}

// chatAnswer is the part of a chat.completion object, or of one
// chat.completion.chunk of a stream, that the agent reads.
type chatAnswer struct {
	Choices []struct {
		Message struct {
			Content string `json:"content"`
		} `json:"message"`
		Delta struct {
			Content string `json:"content"`
		} `json:"delta"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Error json.RawMessage `json:"error"`
}

// encode builds the request body for r: the system prompt, the window of
// r's history, then r's text.
func (a *OpenAI) encode(r Request) ([]byte, error) {
	history := window(r.History, a.cfg.HistoryTurns)
	msgs := make([]Message, 0, len(history)+2)
	if a.cfg.SystemPrompt != "" {
		msgs = append(msgs, Message{Role: RoleSystem, Content: a.cfg.SystemPrompt})
	}
	msgs = append(msgs, history...)
	msgs = append(msgs, Message{Role: RoleUser, Content: r.Text})
	return json.Marshal(chatRequest{
		Model:       a.cfg.Model,
		Messages:    msgs,
		Temperature: a.cfg.Temperature,
		MaxTokens:   max(a.cfg.MaxTokens, 0),
		Stream:      r.OnDelta != nil,
	})
}

// readChat reads a 2xx answer: a stream of chunks when the server streams,
// else one completion, which is handed to onDelta whole when a stream was
// asked for but not given.
func (c *caller) readChat(at *attempt, resp *http.Response, onDelta func(string), streamed *bool) (string, error) {
	if onDelta != nil && isEventStream(resp) {
		return c.readStream(at, resp.Body, onDelta, streamed)
	}
	body, err := readAtMost(resp.Body, maxChatAnswer)
	if err != nil {
		return "", c.lost(at, err)
	}
	var ans chatAnswer
	if err := json.Unmarshal(body, &ans); err != nil {
		return "", failf(ErrMalformed, "decode completion: %v", err)
	}
	if len(ans.Choices) == 0 {
		return "", c.answerWithoutChoices(ans)
	}
	text := ans.Choices[0].Message.Content
	if onDelta != nil && text != "" {
		*streamed = true
		onDelta(text)
	}
	return text, nil
}

// answerWithoutChoices explains a 2xx completion that holds no reply.
func (c *caller) answerWithoutChoices(ans chatAnswer) *failure {
	if len(ans.Error) > 0 {
		return failf(ErrUnavailable, "error in a 2xx answer: %s", c.quote(errorMessage(ans.Error)))
	}
	return failf(ErrMalformed, "completion has no choices")
}

// isEventStream reports whether resp carries server-sent events.
func isEventStream(resp *http.Response) bool {
	mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return err == nil && mt == "text/event-stream"
}
