package telegramtest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any goroutine outlives the tests: every server is
// closed and every client stopped, so nothing may be left behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
