package ec2

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"
)

// TestMain points the default metadata address at a local guard server, so
// that a test which forgets to set AWS_EC2_METADATA_SERVICE_ENDPOINT can
// never reach 169.254.169.254; any request the guard sees fails the run.
func TestMain(m *testing.M) {
	var guardHits atomic.Int32
	guard := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		guardHits.Add(1)
		http.Error(w, "test reached the default metadata endpoint", http.StatusTeapot)
	}))
	defaultEndpoint = guard.URL
	code := m.Run()
	guard.Close()
	if n := guardHits.Load(); n > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d request(s) went to the default metadata endpoint; set %s in every test\n", n, endpointEnv)
		code = 1
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: leaked goroutines: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}
