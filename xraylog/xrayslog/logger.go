package xrayslog

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// NewLogger returns an xraylog.Logger that writes every message through l,
// at the slog level matching the message's level (DEBUG, INFO, WARN, ERROR;
// levels outside that range are clamped to the nearest). The message text
// is built only when l's handler is enabled for that level, and the SDK,
// which asks the logger's Enabled method first, does not even prepare the
// message otherwise.
//
// The record's source (for handlers with AddSource) is the SDK function
// that logged. A nil l writes through slog.Default(), as it is when each
// message is logged.
func NewLogger(l *slog.Logger) xraylog.Logger {
	return &slogLogger{l: l}
}

type slogLogger struct {
	l *slog.Logger
}

// callerSkip makes runtime.Callers skip itself, Log, the SDK's logging
// front end (internal/logger: a level helper and its common function) and
// so land on the SDK function that logged.
const callerSkip = 4

// Log hands msg to the slog handler when it is enabled for level.
func (lg *slogLogger) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	h := lg.slogger().Handler()
	sl := Level(level)
	ctx := context.Background()
	if !h.Enabled(ctx, sl) {
		return
	}
	var pcs [1]uintptr
	runtime.Callers(callerSkip, pcs[:])
	text := "<nil>"
	if msg != nil {
		text = msg.String()
	}
	_ = h.Handle(ctx, slog.NewRecord(time.Now(), sl, text, pcs[0]))
}

// Enabled reports whether l's handler is enabled for level. The SDK checks
// it before building a message.
func (lg *slogLogger) Enabled(level xraylog.LogLevel) bool {
	return lg.slogger().Handler().Enabled(context.Background(), Level(level))
}

func (lg *slogLogger) slogger() *slog.Logger {
	if lg.l == nil {
		return slog.Default()
	}
	return lg.l
}

// Level returns the slog level matching an xraylog level: LogLevelDebug is
// slog.LevelDebug, LogLevelInfo slog.LevelInfo, LogLevelWarn slog.LevelWarn
// and LogLevelError slog.LevelError. Levels below LogLevelDebug map to
// slog.LevelDebug, levels above LogLevelError to slog.LevelError.
func Level(level xraylog.LogLevel) slog.Level {
	switch {
	case level <= xraylog.LogLevelDebug:
		return slog.LevelDebug
	case level == xraylog.LogLevelInfo:
		return slog.LevelInfo
	case level == xraylog.LogLevelWarn:
		return slog.LevelWarn
	}
	return slog.LevelError
}
