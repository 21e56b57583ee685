package openai

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// errorReply is an error answer as a client decodes it; Param and Code are
// pointers so that a JSON null can be told apart.
type errorReply struct {
	Error struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Param   *string `json:"param"`
		Code    *string `json:"code"`
	} `json:"error"`
}

// do sends one raw request and returns the response and its body.
func do(t *testing.T, srv *httptest.Server, method, path, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s %s: %v", method, path, err)
	}
	return resp, b
}

func TestRequestErrors(t *testing.T) {
	srv := newServer(t, Options{Models: []string{"m1"}, Runner: &recorder{reply: Reply{Text: "ok"}}})
	const chat = "/v1/chat/completions"
	tests := []struct {
		name, method, path, body string
		status                   int
		code, param, allow       string
	}{
		{"malformed json", "POST", chat, `{"messages":[`, 400, "invalid_json", "", ""},
		{"empty body", "POST", chat, ``, 400, "invalid_json", "", ""},
		{"trailing garbage", "POST", chat, `{"messages":[{"role":"user","content":"x"}]} x`, 400, "invalid_json", "", ""},
		{"array body", "POST", chat, `[1,2]`, 400, "invalid_type", "", ""},
		{"null body", "POST", chat, `null`, 400, "missing_required_parameter", "messages", ""},
		{"missing messages", "POST", chat, `{"model":"m1"}`, 400, "missing_required_parameter", "messages", ""},
		{"empty messages", "POST", chat, `{"messages":[]}`, 400, "empty_array", "messages", ""},
		{"bad role", "POST", chat, `{"messages":[{"role":"user","content":"a"},{"role":"wizard","content":"b"}]}`,
			400, "invalid_value", "messages[1].role", ""},
		{"missing role", "POST", chat, `{"messages":[{"content":"a"}]}`, 400, "invalid_value", "messages[0].role", ""},
		{"content a number", "POST", chat, `{"messages":[{"role":"user","content":5}]}`,
			400, "invalid_type", "messages[0].content", ""},
		{"content parts not objects", "POST", chat, `{"messages":[{"role":"user","content":[1]}]}`,
			400, "invalid_type", "messages[0].content", ""},
		{"model a number", "POST", chat, `{"model":5,"messages":[{"role":"user","content":"a"}]}`,
			400, "invalid_type", "model", ""},
		{"unknown model", "POST", "/p/alpha" + chat, `{"model":"gpt-9","messages":[{"role":"user","content":"a"}]}`,
			404, "model_not_found", "model", ""},
		{"get completions", "GET", chat, ``, 405, "method_not_allowed", "", "POST"},
		{"post models", "POST", "/v1/models", `{}`, 405, "method_not_allowed", "", "GET"},
		{"delete model", "DELETE", "/p/alpha/v1/models/m1", ``, 405, "method_not_allowed", "", "GET"},
		{"unknown model id", "GET", "/v1/models/nope", ``, 404, "model_not_found", "model", ""},
		{"unknown path", "POST", "/v1/embeddings", `{}`, 404, "unknown_url", "", ""},
		{"completions with suffix", "POST", chat + "/x", `{}`, 404, "unknown_url", "", ""},
		{"bare mount", "GET", "/p/alpha/v1/", ``, 404, "unknown_url", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, srv, tt.method, tt.path, tt.body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d; body %s", resp.StatusCode, tt.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			if got := resp.Header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
			var e errorReply
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("body %s: %v", body, err)
			}
			if e.Error.Type != "invalid_request_error" || e.Error.Message == "" {
				t.Errorf("error = %+v, want an invalid_request_error with a message", e.Error)
			}
			if got := deref(e.Error.Code); got != tt.code {
				t.Errorf("code = %q, want %q", got, tt.code)
			}
			if got := deref(e.Error.Param); got != tt.param {
				t.Errorf("param = %q, want %q", got, tt.param)
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestRequestAccepted(t *testing.T) {
	tests := []struct {
		name, body string
		models     []string
		want       Turn
	}{
		{"content as parts", `{"model":"m1","messages":[{"role":"user","content":[
			{"type":"text","text":"Describe this"},
			{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},
			{"type":"text","text":"in detail"}]}]}`,
			[]string{"m1"}, Turn{Model: "m1", Messages: []Message{{"user", "Describe this\nin detail"}}}},
		{"unknown fields ignored", `{"model":"m1","temperature":0.2,"n":1,"tools":[{"type":"function"}],
			"response_format":{"type":"text"},"x_custom":{"deep":[1,2]},
			"messages":[{"role":"user","content":"hi","name":"bob","extra":true}]}`,
			[]string{"m1"}, Turn{Model: "m1", Messages: []Message{{"user", "hi"}}}},
		{"default model", `{"messages":[{"role":"developer","content":"d"},{"role":"user","content":"u"}]}`,
			[]string{"m1", "m2"}, Turn{Model: "m1", Messages: []Message{{"developer", "d"}, {"user", "u"}}}},
		{"any model when none listed", `{"model":"whatever","user":"u1","messages":[{"role":"user","content":"u"}]}`,
			nil, Turn{Model: "whatever", User: "u1", Messages: []Message{{"user", "u"}}}},
		{"tool call history", `{"messages":[{"role":"user","content":"q"},
			{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function"}]},
			{"role":"tool","tool_call_id":"c1","content":"42"}]}`,
			nil, Turn{Messages: []Message{{"user", "q"}, {"assistant", ""}, {"tool", "42"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := &recorder{reply: Reply{Text: "fine"}}
			srv := newServer(t, Options{Models: tt.models, Runner: run})
			resp, body := do(t, srv, "POST", "/p/alpha/v1/chat/completions", tt.body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status = %d; body %s", resp.StatusCode, body)
			}
			got := run.last(t)
			if got.Model != tt.want.Model || got.User != tt.want.User || !slices.Equal(got.Messages, tt.want.Messages) {
				t.Errorf("turn = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRunnerErrorHidesInternals(t *testing.T) {
	for _, stream := range []bool{false, true} {
		run := &recorder{err: io.ErrUnexpectedEOF}
		srv := newServer(t, Options{Runner: run, KeepAlive: -1})
		body := fmt.Sprintf(`{"stream":%t,"messages":[{"role":"user","content":"x"}]}`, stream)
		resp, b := do(t, srv, "POST", "/v1/chat/completions", body)
		var e errorReply
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("stream=%v: body %s: %v", stream, b, err)
		}
		if resp.StatusCode != 500 || e.Error.Type != "server_error" || strings.Contains(string(b), "EOF") {
			t.Errorf("stream=%v: status %d body %s, want a generic 500", stream, resp.StatusCode, b)
		}
	}
}

func TestStatusErrorByPointer(t *testing.T) {
	run := &recorder{err: &StatusError{Status: 504, Type: "timeout", Message: "the turn timed out"}}
	srv := newServer(t, Options{Runner: run})
	resp, b := do(t, srv, "POST", "/v1/chat/completions", `{"messages":[{"role":"user","content":"x"}]}`)
	var e errorReply
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 504 || e.Error.Type != "timeout" || e.Error.Message != "the turn timed out" {
		t.Errorf("status %d body %s", resp.StatusCode, b)
	}
}
