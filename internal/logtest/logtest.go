// Package logtest captures what the SDK logs, for tests of its packages.
package logtest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

type line struct {
	level xraylog.LogLevel
	text  string
}

// Recorder keeps every line the SDK logs, at every level. It is safe for
// concurrent use.
type Recorder struct {
	mu    sync.Mutex
	lines []line
}

// Log records msg.
func (r *Recorder) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	text := msg.String()
	r.mu.Lock()
	r.lines = append(r.lines, line{level, text})
	r.mu.Unlock()
}

// At returns the texts logged at level, in order.
func (r *Recorder) At(level xraylog.LogLevel) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, l := range r.lines {
		if l.level == level {
			out = append(out, l.text)
		}
	}
	return out
}

// Capture installs a Recorder as the SDK's logger for the rest of the test
// and puts the previous logger back when the test ends.
func Capture(t testing.TB) *Recorder {
	t.Helper()
	prev := logger.Logger()
	r := &Recorder{}
	logger.Inject(r)
	t.Cleanup(func() { logger.Inject(prev) })
	return r
}

// WantOne fails the test unless exactly one line was logged at level and it
// starts with prefix; it returns that line.
func (r *Recorder) WantOne(t testing.TB, level xraylog.LogLevel, prefix string) string {
	t.Helper()
	got := r.At(level)
	if len(got) != 1 || !strings.HasPrefix(got[0], prefix) {
		t.Fatalf("%v lines = %q, want one starting with %q", level, got, prefix)
	}
	return got[0]
}
