// Package logger is the SDK's internal logging front end. Every package of
// the SDK logs through it; xray.SetLogger swaps the destination for all of
// them at once.
//
// The helpers never format a message for a level the installed logger drops:
// a logger that has an Enabled(xraylog.LogLevel) bool method (both loggers of
// package xraylog do) is asked first, and for the others the text is built
// lazily, only when the logger calls String on the message.
package logger

import (
	"fmt"
	"os"
	"sync/atomic"

	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// levelEnabler is implemented by loggers that can tell in advance whether
// they would print a level.
type levelEnabler interface {
	Enabled(level xraylog.LogLevel) bool
}

type sink struct {
	l       xraylog.Logger
	enabler levelEnabler // nil when l cannot tell: then every level is "on"
}

var current atomic.Pointer[sink]

func init() {
	Inject(xraylog.NewDefaultLogger(os.Stdout, xraylog.LogLevelInfo))
}

// Inject installs l as the destination of every SDK log line. A nil l
// discards everything. Safe to call at any time from any goroutine.
func Inject(l xraylog.Logger) {
	if l == nil {
		l = xraylog.NullLogger
	}
	s := &sink{l: l}
	if e, ok := l.(levelEnabler); ok {
		s.enabler = e
	}
	current.Store(s)
}

// Logger returns the installed logger.
func Logger() xraylog.Logger { return current.Load().l }

// Enabled reports whether a message at level may be printed. Callers on hot
// paths check it before building arguments.
func Enabled(level xraylog.LogLevel) bool {
	s := current.Load()
	return s.enabler == nil || s.enabler.Enabled(level)
}

// DebugEnabled is Enabled(xraylog.LogLevelDebug).
func DebugEnabled() bool { return Enabled(xraylog.LogLevelDebug) }

func log(level xraylog.LogLevel, msg fmt.Stringer) {
	s := current.Load()
	if s.enabler != nil && !s.enabler.Enabled(level) {
		return
	}
	s.l.Log(level, msg)
}

// logArgs logs a message built from args. It checks the level before the
// message exists and hands the logger a copy of args: the caller's argument
// slice then never escapes, so a line at a level that is off costs no
// allocation beyond boxing the arguments.
func logArgs(level xraylog.LogLevel, format string, printf bool, args []interface{}) {
	s := current.Load()
	if s.enabler != nil && !s.enabler.Enabled(level) {
		return
	}
	owned := make([]interface{}, len(args))
	copy(owned, args)
	if printf {
		s.l.Log(level, printfMsg{format, owned})
	} else {
		s.l.Log(level, printMsg{owned})
	}
}

// printMsg formats like fmt.Sprint, when asked.
type printMsg struct{ args []interface{} }

func (m printMsg) String() string { return fmt.Sprint(m.args...) }

// printfMsg formats like fmt.Sprintf, when asked.
type printfMsg struct {
	format string
	args   []interface{}
}

func (m printfMsg) String() string { return fmt.Sprintf(m.format, m.args...) }

// funcMsg calls a function for its text, when asked.
type funcMsg func() string

func (m funcMsg) String() string { return m() }

// Debug logs args at DEBUG level, formatted as by fmt.Sprint.
func Debug(args ...interface{}) { logArgs(xraylog.LogLevelDebug, "", false, args) }

// Debugf logs at DEBUG level, formatted as by fmt.Sprintf.
func Debugf(format string, args ...interface{}) {
	logArgs(xraylog.LogLevelDebug, format, true, args)
}

// DebugDeferred logs the text fn returns at DEBUG level; fn only runs when
// the line is printed.
func DebugDeferred(fn func() string) { log(xraylog.LogLevelDebug, funcMsg(fn)) }

// DebugMsg logs msg at DEBUG level as it is: a small value type holding
// copies of what it prints costs one allocation where Debugf's argument
// list costs several (for loggers that cannot say which levels they drop).
func DebugMsg(msg fmt.Stringer) { log(xraylog.LogLevelDebug, msg) }

// Info logs args at INFO level, formatted as by fmt.Sprint.
func Info(args ...interface{}) { logArgs(xraylog.LogLevelInfo, "", false, args) }

// Infof logs at INFO level, formatted as by fmt.Sprintf.
func Infof(format string, args ...interface{}) {
	logArgs(xraylog.LogLevelInfo, format, true, args)
}

// Warn logs args at WARN level, formatted as by fmt.Sprint.
func Warn(args ...interface{}) { logArgs(xraylog.LogLevelWarn, "", false, args) }

// Warnf logs at WARN level, formatted as by fmt.Sprintf.
func Warnf(format string, args ...interface{}) {
	logArgs(xraylog.LogLevelWarn, format, true, args)
}

// Error logs args at ERROR level, formatted as by fmt.Sprint.
func Error(args ...interface{}) { logArgs(xraylog.LogLevelError, "", false, args) }

// Errorf logs at ERROR level, formatted as by fmt.Sprintf.
func Errorf(format string, args ...interface{}) {
	logArgs(xraylog.LogLevelError, format, true, args)
}
