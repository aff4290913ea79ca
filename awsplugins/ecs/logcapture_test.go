package ecs

import (
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

type logLine struct {
	level xraylog.LogLevel
	text  string
}

// logRecorder keeps every line the SDK logs, at every level.
type logRecorder struct {
	mu    sync.Mutex
	lines []logLine
}

func (lr *logRecorder) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	lr.lines = append(lr.lines, logLine{level, msg.String()})
}

// at returns the texts logged at level.
func (lr *logRecorder) at(level xraylog.LogLevel) []string {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	var out []string
	for _, l := range lr.lines {
		if l.level == level {
			out = append(out, l.text)
		}
	}
	return out
}

// captureLogs installs a recorder for the rest of the test.
func captureLogs(t *testing.T) *logRecorder {
	t.Helper()
	prev := logger.Logger()
	lr := &logRecorder{}
	logger.Inject(lr)
	t.Cleanup(func() { logger.Inject(prev) })
	return lr
}
