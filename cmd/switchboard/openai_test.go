package main

import (
	"context"
	"strings"
	"testing"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// TestOfficialClientThroughTheGateway points the official OpenAI Go client
// at the listener, unprefixed with the default key and under /p/alpha/
// with alpha's key, and asks each for an answer with and without
// streaming.
func TestOfficialClientThroughTheGateway(t *testing.T) {
	base := startAPI(t, apiHome(t, "  multiplex_profiles: true\n"))
	for _, tc := range []struct{ name, url, key string }{
		{"default", base + "/v1/", keyDefault},
		{"alpha", base + "/p/alpha/v1/", keyAlpha},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := oai.NewClient(option.WithBaseURL(tc.url), option.WithAPIKey(tc.key), option.WithMaxRetries(0))
			params := oai.ChatCompletionNewParams{
				Model:    "switchboard",
				Messages: []oai.ChatCompletionMessageParamUnion{oai.UserMessage("ping from " + tc.name)},
			}
			got, err := c.Chat.Completions.New(context.Background(), params)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if len(got.Choices) != 1 || got.Choices[0].Message.Content != "ping from "+tc.name {
				t.Errorf("answer %+v, want the echo", got.Choices)
			}

			params.StreamOptions = oai.ChatCompletionStreamOptionsParam{IncludeUsage: oai.Bool(true)}
			stream := c.Chat.Completions.NewStreaming(context.Background(), params)
			var text strings.Builder
			var usage int64
			for stream.Next() {
				ch := stream.Current()
				for _, choice := range ch.Choices {
					text.WriteString(choice.Delta.Content)
				}
				usage += ch.Usage.TotalTokens
			}
			if err := stream.Err(); err != nil {
				t.Fatalf("stream: %v", err)
			}
			if text.String() != "ping from "+tc.name || usage == 0 {
				t.Errorf("streamed %q with usage %d, want the echo and usage", text.String(), usage)
			}
		})
	}
}
