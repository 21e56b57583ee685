package agent_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any goroutine outlives the tests: every agent
// and fake server is closed, and no turn may leave work behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
