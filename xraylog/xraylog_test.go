package xraylog

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type msg string

func (m msg) String() string { return string(m) }

// countingMsg counts how often its text is built.
type countingMsg struct {
	mu    sync.Mutex
	calls int
}

func (c *countingMsg) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	return "counted"
}

func TestLogLevelValues(t *testing.T) {
	if LogLevelDebug != 1 || LogLevelInfo != 2 || LogLevelWarn != 3 || LogLevelError != 4 {
		t.Errorf("levels = %d %d %d %d", LogLevelDebug, LogLevelInfo, LogLevelWarn, LogLevelError)
	}
}

func TestLogLevelString(t *testing.T) {
	for level, want := range map[LogLevel]string{
		LogLevelDebug: "DEBUG", LogLevelInfo: "INFO", LogLevelWarn: "WARN", LogLevelError: "ERROR",
		0: "UNKNOWNLOGLEVEL0", 5: "UNKNOWNLOGLEVEL5", -3: "UNKNOWNLOGLEVEL-3",
	} {
		if got := level.String(); got != want {
			t.Errorf("LogLevel(%d).String() = %q, want %q", int(level), got, want)
		}
	}
}

var lineRE = regexp.MustCompile(`^(\S+) \[([A-Z]+)\] (.*)$`)

func TestDefaultLoggerLineFormat(t *testing.T) {
	var buf bytes.Buffer
	l := NewDefaultLogger(&buf, LogLevelDebug)
	before := time.Now().Truncate(time.Second)
	l.Log(LogLevelError, msg("Suppressing AWS X-Ray context missing panic: boom"))
	after := time.Now()

	out := buf.String()
	if !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
		t.Fatalf("output %q is not one line", out)
	}
	m := lineRE.FindStringSubmatch(strings.TrimSuffix(out, "\n"))
	if m == nil {
		t.Fatalf("line %q does not look like `<time> [<LEVEL>] <message>`", out)
	}
	ts, err := time.Parse(time.RFC3339, m[1])
	if err != nil {
		t.Fatalf("time %q is not RFC 3339: %v", m[1], err)
	}
	if ts.Before(before) || ts.After(after) {
		t.Errorf("time %v outside [%v, %v]", ts, before, after)
	}
	if m[2] != "ERROR" || m[3] != "Suppressing AWS X-Ray context missing panic: boom" {
		t.Errorf("level %q, message %q", m[2], m[3])
	}
}

func TestDefaultLoggerLevelFiltering(t *testing.T) {
	levels := []LogLevel{LogLevelDebug, LogLevelInfo, LogLevelWarn, LogLevelError}
	for _, min := range levels {
		var buf bytes.Buffer
		l := NewDefaultLogger(&buf, min)
		var counters []*countingMsg
		for _, level := range levels {
			c := &countingMsg{}
			counters = append(counters, c)
			l.Log(level, c)
		}
		var gotLevels []string
		for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
			if m := lineRE.FindStringSubmatch(line); m != nil {
				gotLevels = append(gotLevels, m[2])
			}
		}
		var want []string
		for i, level := range levels {
			wantCalls := 0
			if level >= min {
				want = append(want, level.String())
				wantCalls = 1
			}
			if counters[i].calls != wantCalls {
				t.Errorf("min %v: message at %v built %d times, want %d", min, level, counters[i].calls, wantCalls)
			}
		}
		if fmt.Sprint(gotLevels) != fmt.Sprint(want) {
			t.Errorf("min %v: printed levels %v, want %v", min, gotLevels, want)
		}
	}
}

func TestDefaultLoggerEnabled(t *testing.T) {
	l := NewDefaultLogger(&bytes.Buffer{}, LogLevelWarn)
	e, ok := l.(interface{ Enabled(LogLevel) bool })
	if !ok {
		t.Fatal("the default logger has no Enabled method")
	}
	if e.Enabled(LogLevelInfo) || !e.Enabled(LogLevelWarn) || !e.Enabled(LogLevelError) {
		t.Error("Enabled disagrees with the minimum level")
	}
}

func TestDefaultLoggerConcurrent(t *testing.T) {
	var buf bytes.Buffer // not safe for concurrent use: the logger must serialise
	l := NewDefaultLogger(&buf, LogLevelInfo)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 100 {
				l.Log(LogLevelInfo, msg(fmt.Sprintf("worker %d line %d", i, j)))
			}
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 800 {
		t.Fatalf("%d lines, want 800", len(lines))
	}
	for _, line := range lines {
		if !lineRE.MatchString(line) {
			t.Fatalf("garbled line %q", line)
		}
	}
}

func TestNullLogger(t *testing.T) {
	var l Logger = NullLogger
	c := &countingMsg{}
	for _, level := range []LogLevel{LogLevelDebug, LogLevelInfo, LogLevelWarn, LogLevelError} {
		l.Log(level, c)
		NullLogger.Log(level, c)
	}
	if c.calls != 0 {
		t.Errorf("NullLogger built the message %d times", c.calls)
	}
	if NullLogger.Enabled(LogLevelError) {
		t.Error("NullLogger reports a level as enabled")
	}
}
