package telegramtest_test

import (
	"net/url"
	"strings"
	"testing"
)

func TestCallsRecordParamsAndOutcome(t *testing.T) {
	srv := newServer(t)
	call(t, srv, tokenA, "sendMessage", url.Values{"chat_id": {"9"}, "text": {"one"}})
	call(t, srv, tokenA, "sendMessage", url.Values{"chat_id": {"9"}})
	call(t, srv, "5:nope", "getMe", nil)
	calls := srv.Calls()
	if len(calls) != 3 {
		t.Fatalf("got %d calls, want 3", len(calls))
	}
	wants := []struct {
		token, method string
		status        int
	}{{tokenA, "sendmessage", 200}, {tokenA, "sendmessage", 400}, {"5:nope", "getme", 401}}
	for i, want := range wants {
		c := calls[i]
		if c.Token != want.token || c.Method != want.method || c.Status != want.status || c.End.Before(c.Start) {
			t.Errorf("call %d: got %s %s %d, want %+v", i, botIDOf(c.Token), c.Method, c.Status, want)
		}
	}
	if calls[0].Params["text"] != "one" || calls[0].Params["chat_id"] != "9" {
		t.Errorf("params: got %v", calls[0].Params)
	}
	calls[0].Params["text"] = "changed"
	if srv.Calls()[0].Params["text"] != "one" {
		t.Error("Calls shares its params with the caller")
	}
}

// botIDOf keeps test failure output free of secrets.
func botIDOf(token string) string {
	id, _, _ := strings.Cut(token, ":")
	return id
}
