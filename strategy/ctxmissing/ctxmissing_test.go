package ctxmissing

import (
	"bytes"
	"errors"
	"regexp"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// captureLog sends every SDK log line at or above DEBUG to a buffer for the
// duration of the test.
func captureLog(t *testing.T) *syncBuffer {
	t.Helper()
	buf := &syncBuffer{}
	prev := logger.Logger()
	logger.Inject(xraylog.NewDefaultLogger(buf, xraylog.LogLevelDebug))
	t.Cleanup(func() { logger.Inject(prev) })
	return buf
}

func TestEnvironmentValues(t *testing.T) {
	if RuntimeErrorStrategy != "RUNTIME_ERROR" || LogErrorStrategy != "LOG_ERROR" || IgnoreErrorStrategy != "IGNORE_ERROR" {
		t.Errorf("values = %q %q %q", RuntimeErrorStrategy, LogErrorStrategy, IgnoreErrorStrategy)
	}
}

func TestConstructorsImplementStrategy(t *testing.T) {
	for _, s := range []Strategy{NewDefaultRuntimeErrorStrategy(), NewDefaultLogErrorStrategy(), NewDefaultIgnoreErrorStrategy()} {
		if s == nil {
			t.Error("constructor returned nil")
		}
	}
}

func TestRuntimeErrorPanicsWithValue(t *testing.T) {
	buf := captureLog(t)
	for _, v := range []interface{}{"failed to begin subsegment named 'x': segment cannot be found.", errors.New("e"), 42} {
		func() {
			defer func() {
				if r := recover(); r != v {
					t.Errorf("panicked with %v, want %v", r, v)
				}
			}()
			NewDefaultRuntimeErrorStrategy().ContextMissing(v)
			t.Errorf("ContextMissing(%v) did not panic", v)
		}()
	}
	if buf.String() != "" {
		t.Errorf("the panicking strategy logged %q", buf.String())
	}
}

func TestLogErrorLogsExactText(t *testing.T) {
	buf := captureLog(t)
	NewDefaultLogErrorStrategy().ContextMissing("failed to begin subsegment named 'x': segment cannot be found.")
	re := regexp.MustCompile(`^\S+ \[ERROR\] Suppressing AWS X-Ray context missing panic: failed to begin subsegment named 'x': segment cannot be found\.\n$`)
	if !re.MatchString(buf.String()) {
		t.Errorf("log = %q", buf.String())
	}
}

func TestLogErrorFormatsValueWithV(t *testing.T) {
	buf := captureLog(t)
	NewDefaultLogErrorStrategy().ContextMissing(errors.New("boom"))
	re := regexp.MustCompile(`\[ERROR\] Suppressing AWS X-Ray context missing panic: boom\n$`)
	if !re.MatchString(buf.String()) {
		t.Errorf("log = %q", buf.String())
	}
}

func TestIgnoreErrorDoesNothing(t *testing.T) {
	buf := captureLog(t)
	NewDefaultIgnoreErrorStrategy().ContextMissing("anything")
	if buf.String() != "" {
		t.Errorf("the ignoring strategy logged %q", buf.String())
	}
}
