package agent

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// maxEventLine caps one line of an event stream.
const maxEventLine = 1 << 20

// readStream reads server-sent chat.completion.chunk events up to
// "data: [DONE]", hands every content delta to onDelta and returns the
// whole text. Each delta gives the attempt a fresh timeout.
func (c *caller) readStream(at *attempt, body io.Reader, onDelta func(string), streamed *bool) (string, error) {
	sc := bufio.NewScanner(&cappedReader{r: body, left: maxChatAnswer})
	sc.Buffer(make([]byte, 0, 4096), maxEventLine)
	var text strings.Builder
	var data []string // the data lines of the event being read
	finished := false
	for sc.Scan() { // ends by maxChatAnswer at the latest
		line := strings.TrimSuffix(sc.Text(), "\r")
		if field, ok := strings.CutPrefix(line, "data:"); ok {
			data = append(data, strings.TrimPrefix(field, " "))
			continue
		}
		if line != "" || len(data) == 0 {
			continue // another field (event:, id:, a comment) or a spare blank line
		}
		payload := strings.Join(data, "\n")
		data = data[:0]
		if payload == "[DONE]" {
			return text.String(), nil
		}
		delta, fin, err := c.chunk(payload)
		if err != nil {
			return "", err
		}
		finished = finished || fin
		if delta != "" {
			at.progress()
			text.WriteString(delta)
			*streamed = true
			onDelta(delta)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return "", failf(ErrMalformed, "stream line longer than %d bytes", maxEventLine)
		}
		return "", c.lost(at, err)
	}
	if !finished {
		return "", failf(ErrUnavailable, "stream ended before its last chunk")
	}
	return text.String(), nil // a server that ends the stream without [DONE]
}

// chunk decodes one event's data: its content delta, and whether it
// carries a finish_reason.
func (c *caller) chunk(payload string) (delta string, finished bool, err error) {
	var ans chatAnswer
	if err := json.Unmarshal([]byte(payload), &ans); err != nil {
		return "", false, failf(ErrMalformed, "decode stream chunk: %v", err)
	}
	if len(ans.Error) > 0 {
		return "", false, failf(ErrUnavailable, "error in the stream: %s", c.quote(errorMessage(ans.Error)))
	}
	if len(ans.Choices) == 0 {
		return "", false, nil // a usage-only chunk
	}
	ch := ans.Choices[0]
	return ch.Delta.Content, ch.FinishReason != nil && *ch.FinishReason != "", nil
}

// cappedReader reads from r until left bytes have been read, then fails
// with errTooLarge instead of ending quietly.
type cappedReader struct {
	r    io.Reader
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
