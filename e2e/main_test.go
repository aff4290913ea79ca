package e2e

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
	"go.uber.org/goleak"
)

// loadFull selects the full load test (8 goroutines × 50,000 segments);
// XRAY_E2E_LOAD_FULL=1 does the same.
var loadFull = flag.Bool("load.full", false, "run the full load test (8 × 50,000 segments)")

// TestMain installs the SDK log recorder and a sample-everything local
// strategy, runs the tests, then checks that no goroutine leaked. Started
// with XRAY_E2E_ROLE=udp-sink it is the load test's UDP listener instead.
func TestMain(m *testing.M) {
	if os.Getenv(sinkRoleEnv) == sinkRole {
		os.Exit(runSink())
	}
	flag.Parse()
	xray.SetLogger(sdkLog)
	if err := xray.Configure(xray.Config{SamplingStrategy: sampleAll()}); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: configure:", err)
		os.Exit(2)
	}
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(fasthttpBackground...); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// fasthttpBackground are fasthttp's own goroutines that outlive a stopped
// server: the process-wide Date header ticker, and the worker pool's
// cleaner, which notices the stop only after its 10 s sleep.
var fasthttpBackground = []goleak.Option{
	goleak.IgnoreAnyFunction("github.com/valyala/fasthttp.updateServerDate.func1"),
	goleak.IgnoreAnyFunction("github.com/valyala/fasthttp.(*workerPool).Start.func2"),
}

// sampleAll returns a local strategy that samples every request, so each
// scenario's documents are all sent.
func sampleAll() sampling.Strategy {
	s, err := sampling.NewLocalizedStrategyFromJSONBytes([]byte(`{"version":2,"default":{"fixed_target":0,"rate":1}}`))
	if err != nil {
		panic("e2e: sample-all rules: " + err.Error())
	}
	return s
}
