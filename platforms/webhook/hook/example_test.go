package hook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"switchboard/platforms/webhook/hook"
)

// Example shows the order the gateway calls a route in: verify the raw body,
// drop a redelivery, then render the prompt.
func Example() {
	route := &hook.Route{
		Name:   "github",
		Secret: []byte("s3cret"),
		Prompt: "{{.action}} on {{.repository.full_name}}{{with .sender}} by {{.login}}{{end}}",
	}
	if err := route.Compile(); err != nil {
		fmt.Println(err)
		return
	}
	seen := hook.NewDedupe(0, 0, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, 1<<20))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err := route.Verify(req.Header, body); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if seen.Seen(route.Name, route.DeliveryID(req.Header)) {
			fmt.Fprint(w, "duplicate")
			return
		}
		prompt, err := route.Render(body)
		if err != nil {
			http.Error(w, "bad payload", http.StatusUnprocessableEntity)
			return
		}
		// Here the gateway hands prompt to the agent. If it cannot, it calls
		// seen.Forget(route.Name, id) so that the sender's retry is handled.
		fmt.Fprintf(w, "prompt: %s", prompt)
	}))
	defer srv.Close()

	body := `{"action":"opened","repository":{"full_name":"octo/hello"}}`
	post(srv.URL, "delivery-1", body, sign("s3cret", body))
	post(srv.URL, "delivery-1", body, sign("s3cret", body))
	post(srv.URL, "delivery-2", body, sign("wrong", body))
	// Output:
	// 200 prompt: opened on octo/hello
	// 200 duplicate
	// 401 bad signature
}

// ExampleParseTarget parses the delivery targets a route's config may name.
func ExampleParseTarget() {
	for _, s := range []string{"", "telegram:-1001234567890:42", "slack:C123"} {
		t, err := hook.ParseTarget(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("response=%v platform=%q chat=%q thread=%q\n", t.Response, t.Platform, t.ChatID, t.ThreadID)
	}
	// Output:
	// response=true platform="" chat="" thread=""
	// response=false platform="telegram" chat="-1001234567890" thread="42"
	// parse webhook target "slack:C123": bad delivery target: unknown form; want "response", "telegram:<chat_id>" or "telegram:<chat_id>:<thread_id>"
}

// post sends a signed GitHub-style delivery and prints the answer.
func post(url, id, body, signature string) {
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	req.Header.Set("X-GitHub-Delivery", id)
	req.Header.Set("X-Hub-Signature-256", signature)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, strings.TrimSpace(string(answer)))
}

// sign is what a sender computes: sha256= and the hex HMAC of the body.
func sign(secret, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
