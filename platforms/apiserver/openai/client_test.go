package openai

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	oai "github.com/openai/openai-go/v3"
)

const longReply = "The quick brown fox jumps over the lazy dog, and then it jumps back again " +
	"because one jump was never going to be enough for a fox of its ambition."

var fixedNow = func() time.Time { return time.Unix(1_700_000_000, 0) }

func TestClientCompletion(t *testing.T) {
	run := &recorder{reply: Reply{Text: longReply}}
	srv := newServer(t, Options{Models: []string{"m1", "m2"}, Runner: run, Now: fixedNow})
	for _, mount := range mounts {
		t.Run(mount, func(t *testing.T) {
			c := newClient(srv, mount)
			got, err := c.Chat.Completions.New(context.Background(), oai.ChatCompletionNewParams{
				Model: "m2",
				Messages: []oai.ChatCompletionMessageParamUnion{
					oai.SystemMessage("be brief"),
					oai.UserMessage("tell me about foxes"),
				},
				User: oai.String("user-7"),
			})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if len(got.Choices) != 1 || got.Choices[0].Message.Content != longReply {
				t.Fatalf("choices = %+v, want one with the runner's text", got.Choices)
			}
			if got.Choices[0].FinishReason != "stop" || got.Model != "m2" || got.Created != fixedNow().Unix() {
				t.Errorf("finish %q model %q created %d", got.Choices[0].FinishReason, got.Model, got.Created)
			}
			if !strings.HasPrefix(got.ID, "chatcmpl-") {
				t.Errorf("id = %q, want chatcmpl- prefix", got.ID)
			}
			checkUsage(t, got.Usage)
			turn := run.last(t)
			want := []Message{{"system", "be brief"}, {"user", "tell me about foxes"}}
			if turn.Model != "m2" || turn.User != "user-7" || turn.Stream || !slices.Equal(turn.Messages, want) {
				t.Errorf("turn = %+v", turn)
			}
		})
	}
}

func checkUsage(t *testing.T, u oai.CompletionUsage) {
	t.Helper()
	if u.PromptTokens < 1 || u.CompletionTokens < 1 || u.TotalTokens != u.PromptTokens+u.CompletionTokens {
		t.Errorf("usage = %+v, want positive counts that add up", u)
	}
}

func TestClientStreaming(t *testing.T) {
	run := &recorder{reply: Reply{Text: longReply, PromptTokens: 11, CompletionTokens: 22}}
	srv := newServer(t, Options{Models: []string{"m1"}, Runner: run})
	for _, mount := range mounts {
		t.Run(mount, func(t *testing.T) {
			c := newClient(srv, mount)
			stream := c.Chat.Completions.NewStreaming(context.Background(), oai.ChatCompletionNewParams{
				Messages:      []oai.ChatCompletionMessageParamUnion{oai.UserMessage("hi")},
				StreamOptions: oai.ChatCompletionStreamOptionsParam{IncludeUsage: oai.Bool(true)},
			})
			var acc oai.ChatCompletionAccumulator
			ids := map[string]bool{}
			pieces := 0
			for stream.Next() {
				ch := stream.Current()
				acc.AddChunk(ch)
				ids[ch.ID] = true
				if len(ch.Choices) > 0 && ch.Choices[0].Delta.Content != "" {
					pieces++
				}
			}
			if err := stream.Err(); err != nil {
				t.Fatalf("stream: %v", err)
			}
			if err := stream.Close(); err != nil {
				t.Fatalf("close: %v", err)
			}
			if len(acc.Choices) != 1 || acc.Choices[0].Message.Content != longReply {
				t.Fatalf("accumulated %+v, want the runner's text", acc.Choices)
			}
			if pieces < 2 || len(ids) != 1 || acc.Model != "m1" {
				t.Errorf("got %d content chunks, ids %v, model %q", pieces, ids, acc.Model)
			}
			if u := acc.Usage; u.PromptTokens != 11 || u.CompletionTokens != 22 || u.TotalTokens != 33 {
				t.Errorf("usage = %+v, want the runner's 11+22", u)
			}
			if !run.last(t).Stream {
				t.Error("turn.Stream = false for a streamed request")
			}
		})
	}
}

func TestClientModels(t *testing.T) {
	srv := newServer(t, Options{Models: []string{"m1", "m2"}, Runner: &recorder{}, Now: fixedNow})
	for _, mount := range mounts {
		t.Run(mount, func(t *testing.T) {
			c := newClient(srv, mount)
			page, err := c.Models.List(context.Background())
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			var ids []string
			for _, m := range page.Data {
				ids = append(ids, m.ID)
				if m.OwnedBy != "switchboard" || m.Created != fixedNow().Unix() {
					t.Errorf("model %+v", m)
				}
			}
			if !slices.Equal(ids, []string{"m1", "m2"}) {
				t.Errorf("ids = %v, want [m1 m2]", ids)
			}
			if m, err := c.Models.Get(context.Background(), "m2"); err != nil || m.ID != "m2" {
				t.Errorf("Get(m2) = %+v, %v", m, err)
			}
			_, err = c.Models.Get(context.Background(), "nope")
			checkAPIError(t, err, http.StatusNotFound, "model_not_found")
		})
	}
}

func TestClientStatusError(t *testing.T) {
	run := &recorder{err: StatusError{Status: 503, Code: "profile_not_running", Message: "profile alpha is not running"}}
	c := newClient(newServer(t, Options{Runner: run}), "/p/alpha/v1/")
	_, err := c.Chat.Completions.New(context.Background(), oai.ChatCompletionNewParams{
		Model: "anything", Messages: []oai.ChatCompletionMessageParamUnion{oai.UserMessage("hi")},
	})
	checkAPIError(t, err, http.StatusServiceUnavailable, "profile_not_running")
}

func checkAPIError(t *testing.T, err error, status int, code string) {
	t.Helper()
	var apiErr *oai.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *openai.Error", err)
	}
	if apiErr.StatusCode != status || apiErr.Code != code {
		t.Errorf("status %d code %q, want %d %q", apiErr.StatusCode, apiErr.Code, status, code)
	}
}
