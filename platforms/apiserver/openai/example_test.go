package openai_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"switchboard/platforms/apiserver/openai"
)

// The gateway mounts one handler at /v1/ and at /p/<profile>/v1/; here a
// Runner that echoes the last message stands in for a profile's agent.
func Example() {
	h := openai.NewHandler(openai.Options{
		Models: []string{"switchboard"},
		Runner: openai.RunnerFunc(func(_ context.Context, t openai.Turn) (openai.Reply, error) {
			last := t.Messages[len(t.Messages)-1]
			return openai.Reply{Text: "you said: " + last.Content}, nil
		}),
	})
	mux := http.NewServeMux()
	mux.Handle("/v1/", h)
	mux.Handle("/p/alpha/v1/", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/p/alpha/v1/chat/completions", "application/json",
		strings.NewReader(`{"model":"switchboard","messages":[{"role":"user","content":"hello"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var answer struct {
		Object  string `json:"object"`
		Choices []struct {
			Message struct{ Content string } `json:"message"`
		} `json:"choices"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, answer.Object, answer.Choices[0].Message.Content)
	// Output: 200 chat.completion you said: hello
}
