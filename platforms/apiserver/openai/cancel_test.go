package openai

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// turnTimeout bounds how long a test waits for a turn to start or end.
const turnTimeout = 5 * time.Second

func TestDisconnectCancelsTurn(t *testing.T) {
	const plain = `{"messages":[{"role":"user","content":"hi"}]}`
	const streamed = `{"stream":true,"messages":[{"role":"user","content":"hi"}]}`
	tests := []struct {
		name      string
		body      string
		keepAlive time.Duration
		// open is set when the client disconnects from an open stream
		// rather than while waiting for the status.
		open bool
	}{
		{"plain", plain, 0, false},
		{"stream not yet open", streamed, time.Hour, false},
		{"stream kept alive", streamed, time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGate()
			srv := newServer(t, Options{Runner: g, KeepAlive: tt.keepAlive})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sent := make(chan *http.Response, 1)
			go func() {
				req, err := http.NewRequestWithContext(ctx, "POST", srv.URL+"/v1/chat/completions",
					strings.NewReader(tt.body))
				if err != nil {
					panic(err)
				}
				resp, err := srv.Client().Do(req)
				if err != nil {
					resp = nil
				}
				sent <- resp
			}()
			wait(t, g.started, "the turn to start")
			if tt.open {
				resp := wait(t, sent, "the stream to open")
				if resp == nil || resp.StatusCode != http.StatusOK {
					t.Fatalf("response = %+v, want an open 200 stream", resp)
				}
				defer resp.Body.Close()
			}
			cancel()
			if err := wait(t, g.ended, "the turn to end"); !errors.Is(err, context.Canceled) {
				t.Errorf("runner ctx ended with %v, want context.Canceled", err)
			}
			if !tt.open {
				if resp := wait(t, sent, "the client to give up"); resp != nil {
					t.Errorf("client got a response (%d) after cancelling", resp.StatusCode)
				}
			}
			srv.Close() // returns once the handler has
			goleak.VerifyNone(t)
		})
	}
}

// wait receives from ch, failing the test if nothing comes in turnTimeout.
func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(turnTimeout):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}
