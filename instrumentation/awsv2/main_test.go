package awsv2_test

import (
	"os"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraylog"
	"go.uber.org/goleak"
)

// TestMain keeps INFO lines (one per emitter) out of the output and checks
// for leaked goroutines.
func TestMain(m *testing.M) {
	xray.SetLogger(xraylog.NewDefaultLogger(os.Stderr, xraylog.LogLevelWarn))
	goleak.VerifyTestMain(m)
}
