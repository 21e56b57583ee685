package telegramtest_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"testing"

	"switchboard/platforms/telegram/telegramtest"
)

// multipartBody encodes fields the way go-telegram/bot does.
func multipartBody(t *testing.T, fields [][2]string) (contentType, body string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			t.Fatalf("write field: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("close form: %v", err)
	}
	return w.FormDataContentType(), buf.String()
}

func TestSendMessageBodyEncodings(t *testing.T) {
	mpType, mpBody := multipartBody(t, [][2]string{{"chat_id", "42"}, {"text", "hi there"},
		{"message_thread_id", "7"}, {"reply_parameters", `{"message_id":1}`}, {"parse_mode", "HTML"}})
	form := "chat_id=42&text=hi+there&message_thread_id=7&parse_mode=HTML" +
		"&reply_parameters=%7B%22message_id%22%3A1%7D"
	cases := []struct {
		name, contentType, query, body string
	}{
		{"multipart", mpType, "", mpBody},
		{"form", "application/x-www-form-urlencoded", "", form},
		{"json numbers", "application/json", "", `{"chat_id":42,"text":"hi there","message_thread_id":7,` +
			`"parse_mode":"HTML","reply_parameters":{"message_id":1}}`},
		{"json strings", "application/json; charset=utf-8", "", `{"chat_id":"42","text":"hi there",` +
			`"message_thread_id":"7","parse_mode":"HTML","reply_parameters":"{\"message_id\":1}"}`},
		{"query", "", "?" + form, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			srv.PushGroupText(tokenA, 42, 5, 7, "question") // message 1 in chat 42
			r, err := post(context.Background(), methodURL(srv, tokenA, "sendMessage")+tc.query, tc.contentType, tc.body)
			if err != nil || !r.OK {
				t.Fatalf("sendMessage: got %+v %v, want ok", r, err)
			}
			want := telegramtest.SentMessage{ChatID: 42, Text: "hi there", ThreadID: 7, ReplyToMessageID: 1,
				ParseMode: "HTML", MessageID: 2}
			if sent := srv.Sent(tokenA); len(sent) != 1 || sent[0] != want {
				t.Errorf("Sent: got %+v, want [%+v]", sent, want)
			}
		})
	}
}

func TestEmptyMultipartBody(t *testing.T) {
	srv := newServer(t)
	r, err := post(context.Background(), methodURL(srv, tokenA, "getMe"),
		"multipart/form-data; boundary=0123456789abcdef", "")
	if err != nil || !r.OK {
		t.Fatalf("getMe with empty multipart body: got %+v %v, want ok", r, err)
	}
}

func TestMalformedBodyIsBadRequest(t *testing.T) {
	srv := newServer(t)
	for contentType, body := range map[string]string{
		"application/json":                  `{"chat_id":`,
		"multipart/form-data; boundary=xyz": "--xyz\r\nbroken",
		"text/plain; charset=":              "x",
	} {
		r, err := post(context.Background(), methodURL(srv, tokenA, "sendMessage"), contentType, body)
		if err != nil {
			t.Fatalf("post: %v", err)
		}
		if r.Status != http.StatusBadRequest || r.ErrorCode != 400 {
			t.Errorf("%s: got %d %q, want 400", contentType, r.Status, r.Description)
		}
	}
}
