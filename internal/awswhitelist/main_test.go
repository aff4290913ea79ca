package awswhitelist

import (
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/xraylog"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// logLines records every log line as "LEVEL text".
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	l.mu.Lock()
	l.lines = append(l.lines, level.String()+" "+msg.String())
	l.mu.Unlock()
}

func (l *logLines) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// captureLogs installs a logLines until the end of the test.
func captureLogs(t testing.TB) *logLines {
	t.Helper()
	prev := logger.Logger()
	l := &logLines{}
	logger.Inject(l)
	t.Cleanup(func() { logger.Inject(prev) })
	return l
}
