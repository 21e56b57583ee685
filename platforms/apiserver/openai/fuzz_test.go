package openai

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzChatBody feeds arbitrary bodies to chat/completions: every answer must
// be a 200 or a 4xx, and a 4xx must carry an error object.
func FuzzChatBody(f *testing.F) {
	for _, seed := range []string{
		``, `{`, `null`, `[]`, `"x"`, `{"messages":null}`, `{"messages":[{}]}`,
		`{"messages":[{"role":"user","content":"hi"}],"stream":true}`,
		`{"messages":[{"role":"user","content":[{"type":"text","text":1}]}]}`,
		`{"messages":[{"role":"user","content":[null,{"type":"image_url"}]}],"stream_options":null}`,
		`{"model":"m1","messages":[{"role":"tool","content":{}}]}`,
		`{"messages":[{"role":"user","content":"\ud800"}],"stream":"yes"}`,
	} {
		f.Add(seed)
	}
	h := NewHandler(Options{Models: []string{"m1"}, Runner: &recorder{reply: Reply{Text: "ok then"}}})
	f.Fuzz(func(t *testing.T, body string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/v1/chat/completions", strings.NewReader(body)))
		switch {
		case w.Code == http.StatusOK:
		case w.Code >= 400 && w.Code < 500:
			var e errorReply
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Message == "" {
				t.Errorf("body %q: error answer %s is not an error object", body, w.Body)
			}
		default:
			t.Errorf("body %q: status %d", body, w.Code)
		}
	})
}

func TestBodyOverGatewayLimit(t *testing.T) {
	h := http.MaxBytesHandler(NewHandler(Options{Runner: &recorder{}}), 16)
	w := httptest.NewRecorder()
	body := `{"messages":[{"role":"user","content":"far too long for sixteen bytes"}]}`
	h.ServeHTTP(w, httptest.NewRequest("POST", "/v1/chat/completions", strings.NewReader(body)))
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "request_too_large") {
		t.Errorf("status %d body %s, want 413 request_too_large", w.Code, w.Body)
	}
}
