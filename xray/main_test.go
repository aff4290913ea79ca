package xray

import (
	"os"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"go.uber.org/goleak"
)

// TestMain checks for leaked goroutines and installs local sampling as the
// process-wide strategy, so that no test starts centralized pollers or
// talks to a daemon's sampling API by accident.
func TestMain(m *testing.M) {
	if s, err := sampling.NewLocalizedStrategy(); err == nil {
		_ = Configure(Config{SamplingStrategy: s})
	}
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			os.Stderr.WriteString("goleak: " + err.Error() + "\n")
			code = 1
		}
	}
	os.Exit(code)
}
