package e2e

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// sdkLog records what the SDK logs at INFO and above, so that each scenario
// can prove the SDK itself reported no problem (a dropped or truncated
// document, a failed write, a missing context).
var sdkLog = &recordingLogger{}

// recordingLogger is an xraylog.Logger that keeps INFO+ lines in memory.
type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

// Log records msg when level is INFO or above.
func (l *recordingLogger) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	if level < xraylog.LogLevelInfo {
		return
	}
	line := fmt.Sprintf("[%s] %s", level, msg)
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
}

// Enabled lets the SDK skip formatting DEBUG lines.
func (l *recordingLogger) Enabled(level xraylog.LogLevel) bool {
	return level >= xraylog.LogLevelInfo
}

// mark returns the position of the next line.
func (l *recordingLogger) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.lines)
}

// since returns the lines logged after mark.
func (l *recordingLogger) since(mark int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines[mark:]...)
}

// expectNoSDKProblems fails t at cleanup if the SDK logs a WARN or ERROR
// line while t runs.
func expectNoSDKProblems(t *testing.T) {
	t.Helper()
	mark := sdkLog.mark()
	t.Cleanup(func() {
		for _, line := range sdkLog.since(mark) {
			if strings.HasPrefix(line, "[WARN]") || strings.HasPrefix(line, "[ERROR]") {
				t.Errorf("SDK logged: %s", line)
			}
		}
	})
}
