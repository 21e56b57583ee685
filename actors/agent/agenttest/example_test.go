package agenttest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"switchboard/actors/agent/agenttest"
)

// Example scripts a failure and a reply, makes two calls with plain
// net/http, and reads what the server recorded.
func Example() {
	srv := agenttest.New()
	defer srv.Close()
	srv.Script(agenttest.Fail(500, "try again"), agenttest.Reply("Hello!"))

	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	for range 2 {
		req, err := http.NewRequest(http.MethodPost, srv.BaseURL()+"/chat/completions", strings.NewReader(
			`{"model":"gpt-test","messages":[{"role":"user","content":"Hi"}]}`))
		if err != nil {
			panic(err)
		}
		req.Header.Set("Authorization", "Bearer sk-example")
		resp, err := client.Do(req)
		if err != nil {
			panic(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			panic(err)
		}
		fmt.Println(resp.StatusCode, strings.Contains(string(body), "Hello!"))
	}

	for _, r := range srv.Requests() {
		fmt.Println(r.Model, r.BearerToken(), r.LastUserText())
	}
	// Output:
	// 500 false
	// 200 true
	// gpt-test sk-example Hi
	// gpt-test sk-example Hi
}
