package xrayslog

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// lockedBuffer is a goroutine-safe bytes.Buffer.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records decodes the JSON lines written so far.
func (b *lockedBuffer) records(t *testing.T) []map[string]interface{} {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]interface{}
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]interface{}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("bad line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// countingMsg counts how often its text is built.
type countingMsg struct{ calls atomic.Int32 }

func (c *countingMsg) String() string { c.calls.Add(1); return "built" }

type text string

func (t text) String() string { return string(t) }

func TestLevelMapping(t *testing.T) {
	cases := map[xraylog.LogLevel]slog.Level{
		xraylog.LogLevel(-3):  slog.LevelDebug,
		0:                     slog.LevelDebug,
		xraylog.LogLevelDebug: slog.LevelDebug,
		xraylog.LogLevelInfo:  slog.LevelInfo,
		xraylog.LogLevelWarn:  slog.LevelWarn,
		xraylog.LogLevelError: slog.LevelError,
		xraylog.LogLevel(9):   slog.LevelError,
	}
	for in, want := range cases {
		if got := Level(in); got != want {
			t.Errorf("Level(%d) = %v, want %v", in, got, want)
		}
	}
}

func TestLoggerWritesAtTheMappedLevel(t *testing.T) {
	var buf lockedBuffer
	l := NewLogger(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	l.Log(xraylog.LogLevelDebug, text("d"))
	l.Log(xraylog.LogLevelInfo, text("i"))
	l.Log(xraylog.LogLevelWarn, text("w"))
	l.Log(xraylog.LogLevelError, text("e"))
	l.Log(xraylog.LogLevelError, nil)
	var got []string
	for _, r := range buf.records(t) {
		got = append(got, r["level"].(string)+":"+r["msg"].(string))
	}
	want := "DEBUG:d INFO:i WARN:w ERROR:e ERROR:<nil>"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLoggerBuildsTextOnlyWhenEnabled(t *testing.T) {
	var buf lockedBuffer
	l := NewLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})))
	msg := &countingMsg{}
	l.Log(xraylog.LogLevelDebug, msg)
	l.Log(xraylog.LogLevelInfo, msg)
	if msg.calls.Load() != 0 || buf.buf.Len() != 0 {
		t.Errorf("disabled levels built the message %d times: %q", msg.calls.Load(), buf.buf.String())
	}
	l.Log(xraylog.LogLevelWarn, msg)
	if msg.calls.Load() != 1 {
		t.Errorf("message built %d times, want 1", msg.calls.Load())
	}
	e := l.(interface{ Enabled(xraylog.LogLevel) bool })
	if e.Enabled(xraylog.LogLevelInfo) || !e.Enabled(xraylog.LogLevelError) {
		t.Error("Enabled does not follow the handler")
	}
}

// TestLoggerThroughTheSDK installs the adapter as the SDK's logger: the
// SDK's lines arrive in slog with the SDK function as their source, and
// disabled levels are not even formatted.
func TestLoggerThroughTheSDK(t *testing.T) {
	prev := logger.Logger()
	t.Cleanup(func() { xray.SetLogger(prev) })
	var buf lockedBuffer
	xray.SetLogger(NewLogger(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{AddSource: true}))))

	msg := &countingMsg{}
	logger.Debugf("%v", msg)
	logger.DebugDeferred(msg.String)
	if msg.calls.Load() != 0 {
		t.Errorf("a DEBUG line was formatted %d times with the handler at INFO", msg.calls.Load())
	}
	logger.Errorf("xray: %s", "printf")
	logger.Warn("xray: ", "print")
	_, file, _, _ := runtime.Caller(0)

	recs := buf.records(t)
	if len(recs) != 2 {
		t.Fatalf("records %v", recs)
	}
	if recs[0]["msg"] != "xray: printf" || recs[0]["level"] != "ERROR" || recs[1]["msg"] != "xray: print" || recs[1]["level"] != "WARN" {
		t.Errorf("records %v", recs)
	}
	for _, r := range recs {
		src, _ := r["source"].(map[string]interface{})
		if src["file"] != file || !strings.HasSuffix(src["function"].(string), ".TestLoggerThroughTheSDK") {
			t.Errorf("source %v, want this test function", src)
		}
	}
}

func TestLoggerNilUsesTheCurrentDefault(t *testing.T) {
	prev := slog.Default()
	t.Cleanup(func() { slog.SetDefault(prev) })
	l := NewLogger(nil)
	var buf lockedBuffer
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	l.Log(xraylog.LogLevelInfo, text("to the default"))
	if recs := buf.records(t); len(recs) != 1 || recs[0]["msg"] != "to the default" {
		t.Errorf("records %v", recs)
	}
}

func TestLoggerConcurrentUse(t *testing.T) {
	var buf lockedBuffer
	l := NewLogger(slog.New(slog.NewJSONHandler(&buf, nil)))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				l.Log(xraylog.LogLevelInfo, text("x"))
			}
		}()
	}
	wg.Wait()
	if n := len(buf.records(t)); n != 400 {
		t.Errorf("%d records, want 400", n)
	}
}
