package xray

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// levelBlindLogger implements only xraylog.Logger: the SDK cannot ask it
// which levels it drops. It keeps the lines it would print when keep is
// set, and drops everything otherwise (formatting nothing).
type levelBlindLogger struct {
	mu    sync.Mutex
	keep  bool
	lines []string
}

func (l *levelBlindLogger) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	if !l.keep || level != xraylog.LogLevelDebug {
		return
	}
	l.mu.Lock()
	l.lines = append(l.lines, msg.String())
	l.mu.Unlock()
}

func withLogger(t *testing.T, l xraylog.Logger) {
	t.Helper()
	prev := logger.Logger()
	SetLogger(l)
	t.Cleanup(func() { SetLogger(prev) })
}

// TestDebugLinesForLevelBlindLogger pins the texts of the hot-path DEBUG
// lines.
func TestDebugLinesForLevelBlindLogger(t *testing.T) {
	l := &levelBlindLogger{keep: true}
	withLogger(t, l)
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: discardEmitter{}, SamplingStrategy: sampleAll{}})
	if err != nil {
		t.Fatal(err)
	}
	rootCtx, root := BeginSegment(ctx, "orders")
	_, sub := BeginSubsegment(rootCtx, "db")
	sub.Close(nil)
	sub.Close(nil)
	root.Close(nil)
	want := []string{
		"Beginning segment named orders (sampled: true)",
		"Beginning subsegment named db",
		"Closing subsegment named db",
		"xray: subsegment is already closed; ignoring the second Close",
		"Closing segment named orders",
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.lines) != len(want) {
		t.Fatalf("lines %q, want %q", l.lines, want)
	}
	for i := range want {
		if l.lines[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i, l.lines[i], want[i])
		}
	}
}

// TestHotPathAllocationsWithLevelBlindLogger: a logger without Enabled
// costs one allocation per hot-path DEBUG line, not an argument list.
func TestHotPathAllocationsWithLevelBlindLogger(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	withLogger(t, &levelBlindLogger{})
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: discardEmitter{}, SamplingStrategy: sampleAll{}})
	if err != nil {
		t.Fatal(err)
	}
	// Segment (1), its aws map (2) plus the Beginning and Closing lines
	// (1 each).
	if n := testing.AllocsPerRun(200, func() {
		_, seg := BeginSegment(ctx, "orders")
		seg.Close(nil)
	}); n > 5 {
		t.Errorf("sampled BeginSegment+Close: %.1f allocations, want at most 5", n)
	}
}
