package logger

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// counter is a fmt.Stringer that counts how often it is formatted.
type counter struct{ calls atomic.Int32 }

func (c *counter) String() string {
	c.calls.Add(1)
	return "counted"
}

// record is a logger without an Enabled method that keeps every message
// unformatted, so tests can see whether formatting happened.
type record struct {
	mu     sync.Mutex
	levels []xraylog.LogLevel
	msgs   []fmt.Stringer
}

func (r *record) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.levels = append(r.levels, level)
	r.msgs = append(r.msgs, msg)
}

// install puts l in place for the test and restores the previous logger.
func install(t *testing.T, l xraylog.Logger) {
	t.Helper()
	prev := Logger()
	Inject(l)
	t.Cleanup(func() { Inject(prev) })
}

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

func TestDefaultIsInfoToStdout(t *testing.T) {
	// The logger installed at init drops DEBUG and prints INFO.
	if DebugEnabled() || !Enabled(xraylog.LogLevelInfo) {
		t.Errorf("initial logger: debug %v, info %v; want INFO level", DebugEnabled(), Enabled(xraylog.LogLevelInfo))
	}
}

func TestHelpersLevelsAndText(t *testing.T) {
	r := &record{}
	install(t, r)
	Debug("a", 1)
	Debugf("b %d", 2)
	DebugDeferred(func() string { return "c" })
	Info("d", 3)
	Infof("e %s", "x")
	Warn("f")
	Warnf("g %q", "y")
	Error("h", 4)
	Errorf("Suppressing AWS X-Ray context missing panic: %v", "i")
	want := []struct {
		level xraylog.LogLevel
		text  string
	}{
		{xraylog.LogLevelDebug, "a1"}, {xraylog.LogLevelDebug, "b 2"}, {xraylog.LogLevelDebug, "c"},
		{xraylog.LogLevelInfo, "d3"}, {xraylog.LogLevelInfo, "e x"},
		{xraylog.LogLevelWarn, "f"}, {xraylog.LogLevelWarn, `g "y"`},
		{xraylog.LogLevelError, "h4"}, {xraylog.LogLevelError, "Suppressing AWS X-Ray context missing panic: i"},
	}
	if len(r.msgs) != len(want) {
		t.Fatalf("%d messages, want %d", len(r.msgs), len(want))
	}
	for i, w := range want {
		if r.levels[i] != w.level || r.msgs[i].String() != w.text {
			t.Errorf("message %d = [%v] %q, want [%v] %q", i, r.levels[i], r.msgs[i].String(), w.level, w.text)
		}
	}
}

func TestDefaultLoggerOutput(t *testing.T) {
	var buf syncBuffer
	install(t, xraylog.NewDefaultLogger(&buf, xraylog.LogLevelWarn))
	Infof("dropped %d", 1)
	Warnf("kept %d", 2)
	Errorf("Error dialing emitter address %v: %v", "127.0.0.1:2000", "boom")
	out := buf.String()
	if strings.Contains(out, "dropped") {
		t.Errorf("INFO printed at WARN level: %q", out)
	}
	for _, want := range []string{" [WARN] kept 2\n", " [ERROR] Error dialing emitter address 127.0.0.1:2000: boom\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
}

func TestInjectNilDiscards(t *testing.T) {
	install(t, nil)
	if Logger() != xraylog.Logger(xraylog.NullLogger) {
		t.Errorf("Inject(nil) installed %T, want the NullLogger", Logger())
	}
	c := &counter{}
	Errorf("%v", c)
	if Enabled(xraylog.LogLevelError) || c.calls.Load() != 0 {
		t.Error("the null logger formats or enables messages")
	}
}

func TestLoggerReturnsInjected(t *testing.T) {
	r := &record{}
	install(t, r)
	if Logger() != xraylog.Logger(r) {
		t.Errorf("Logger() = %v, want the injected logger", Logger())
	}
}

// With a level off, nothing is formatted: not the format string, not the
// arguments' String methods, not a deferred function.
func TestNoFormattingWhenLevelOff(t *testing.T) {
	var buf syncBuffer
	install(t, xraylog.NewDefaultLogger(&buf, xraylog.LogLevelInfo))
	c := &counter{}
	Debug(c)
	Debugf("%v", c)
	DebugDeferred(func() string { return c.String() })
	if got := c.calls.Load(); got != 0 {
		t.Errorf("String called %d times for DEBUG lines at INFO level", got)
	}
	if buf.String() != "" {
		t.Errorf("printed %q", buf.String())
	}
	if DebugEnabled() {
		t.Error("DebugEnabled() at INFO level")
	}

	Infof("%v", c)
	if got := c.calls.Load(); got != 1 {
		t.Errorf("String called %d times for one printed line, want 1", got)
	}
}

// A logger without an Enabled method gets lazy messages: formatting waits
// until (and unless) it calls String.
func TestLazyForLoggersWithoutEnabled(t *testing.T) {
	r := &record{}
	install(t, r)
	if !DebugEnabled() || !Enabled(xraylog.LogLevelError) {
		t.Error("a logger that cannot tell must count as enabled")
	}
	c := &counter{}
	Debugf("%v", c)
	Warn(c)
	DebugDeferred(c.String)
	if got := c.calls.Load(); got != 0 {
		t.Errorf("String called %d times before the logger asked", got)
	}
	for _, m := range r.msgs {
		_ = m.String()
	}
	if got := c.calls.Load(); got != 3 {
		t.Errorf("String called %d times, want 3", got)
	}
}

// The logger gets its own copy of the arguments: a lazy logger formatting
// later sees the values of the call, whatever the caller does next.
func TestArgumentsCopied(t *testing.T) {
	r := &record{}
	install(t, r)
	args := []interface{}{"before"}
	Infof("%v", args...)
	Info(args...)
	args[0] = "after"
	for _, m := range r.msgs {
		if got := m.String(); got != "before" {
			t.Errorf("message = %q, want %q", got, "before")
		}
	}
}

// Run with -race: loggers may be swapped while others log.
func TestInjectConcurrent(t *testing.T) {
	var buf syncBuffer
	install(t, xraylog.NullLogger)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 200 {
				Infof("line %d", i)
				_ = DebugEnabled()
			}
		}()
		go func() {
			defer wg.Done()
			for range 50 {
				Inject(xraylog.NewDefaultLogger(&buf, xraylog.LogLevelInfo))
				Inject(xraylog.NullLogger)
			}
		}()
	}
	wg.Wait()
}

func BenchmarkDebugfOff(b *testing.B) {
	prev := Logger()
	Inject(xraylog.NewDefaultLogger(&bytes.Buffer{}, xraylog.LogLevelInfo))
	defer Inject(prev)
	id := "1-5759e988-bd862e3fe1be46a994272793"
	b.ReportAllocs()
	for b.Loop() {
		Debugf("closing segment %s", id)
	}
}

func BenchmarkDebugEnabledOff(b *testing.B) {
	prev := Logger()
	Inject(xraylog.NewDefaultLogger(&bytes.Buffer{}, xraylog.LogLevelInfo))
	defer Inject(prev)
	b.ReportAllocs()
	for b.Loop() {
		if DebugEnabled() {
			b.Fatal("enabled")
		}
	}
}
