package agenttest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any goroutine outlives the tests: every server
// is closed, and a held call must end with it.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
