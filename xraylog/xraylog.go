// Package xraylog defines the logging interface the SDK writes through and
// two ready-made implementations: a levelled line logger and a logger that
// discards everything.
package xraylog

import (
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
)

// Logger receives the SDK's log messages. Implementations must be safe for
// concurrent use. The message is a fmt.Stringer so that its text is only
// built when the logger decides to print it.
type Logger interface {
	Log(level LogLevel, msg fmt.Stringer)
}

// LogLevel orders messages by severity.
type LogLevel int

// The levels, from the most verbose to the most severe.
const (
	LogLevelDebug LogLevel = iota + 1
	LogLevelInfo
	LogLevelWarn
	LogLevelError
)

// String returns DEBUG, INFO, WARN, ERROR, or UNKNOWNLOGLEVEL<n>.
func (ll LogLevel) String() string {
	switch ll {
	case LogLevelDebug:
		return "DEBUG"
	case LogLevelInfo:
		return "INFO"
	case LogLevelWarn:
		return "WARN"
	case LogLevelError:
		return "ERROR"
	}
	return "UNKNOWNLOGLEVEL" + strconv.Itoa(int(ll))
}

// NewDefaultLogger returns a Logger that writes one line per message at or
// above minLevel to w: "<RFC 3339 time> [<LEVEL>] <message>". Writes are
// serialised, so w need not be safe for concurrent use.
func NewDefaultLogger(w io.Writer, minLevel LogLevel) Logger {
	return &defaultLogger{w: w, minLevel: minLevel}
}

type defaultLogger struct {
	mu       sync.Mutex
	w        io.Writer
	minLevel LogLevel
}

// Log writes msg when level is at or above the logger's minimum level.
func (dl *defaultLogger) Log(level LogLevel, msg fmt.Stringer) {
	if level < dl.minLevel {
		return
	}
	line := make([]byte, 0, 128)
	line = time.Now().AppendFormat(line, time.RFC3339)
	line = append(line, " ["...)
	line = append(line, level.String()...)
	line = append(line, "] "...)
	line = append(line, msg.String()...)
	line = append(line, '\n')
	dl.mu.Lock()
	_, _ = dl.w.Write(line)
	dl.mu.Unlock()
}

// Enabled reports whether a message at level would be written. The SDK uses
// it to skip building messages nobody prints.
func (dl *defaultLogger) Enabled(level LogLevel) bool { return level >= dl.minLevel }

// NullLogger discards every message.
var NullLogger nullLogger

type nullLogger struct{}

// Log does nothing.
func (nl nullLogger) Log(level LogLevel, msg fmt.Stringer) {}

// Enabled always reports false: nothing is ever written.
func (nl nullLogger) Enabled(level LogLevel) bool { return false }
