package sampling

import (
	"testing"

	"go.uber.org/goleak"
)

// Every poller, out-of-band fetch and proxy connection must be gone when the
// tests end.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
