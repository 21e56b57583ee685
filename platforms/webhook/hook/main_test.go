package hook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any goroutine outlives the tests: the concurrency
// tests and the example's server must all stop.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// sign returns the signature header value for body under secret, as a sender
// computes it.
func sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// compiled returns r compiled, failing the test if it does not compile.
func compiled(t testing.TB, r Route) *Route {
	t.Helper()
	if err := r.Compile(); err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return &r
}
