package xray

import (
	"sync/atomic"
	"time"
)

// The wall clock of segment times. time.Now reads two clocks (wall and
// monotonic); reading only the monotonic one (time.Since) takes half as
// long, and segments read the clock at least twice. Wall time is
// therefore derived from a wall-clock reading taken at most
// clockResync ago plus the monotonic time elapsed since. Both clocks are
// slewed alike by NTP, so the result equals time.Now(); only a step of the
// wall clock (settimeofday) shows up late, by at most clockResync.

// clockResync bounds how old the wall-clock reading may be.
const clockResync = 100 * time.Millisecond

// clockBase is a wall-clock reading with its monotonic component.
type clockBase struct {
	at       time.Time
	unixNano int64
}

var clockNow atomic.Pointer[clockBase]

// nowUnixNano returns the current wall time in nanoseconds since the Unix
// epoch.
func nowUnixNano() int64 {
	if b := clockNow.Load(); b != nil {
		if d := time.Since(b.at); d >= 0 && d < clockResync {
			return b.unixNano + int64(d)
		}
	}
	now := time.Now()
	n := now.UnixNano()
	clockNow.Store(&clockBase{at: now, unixNano: n})
	return n
}

// nowEpochSeconds is the current wall time as fractional seconds since the
// Unix epoch, the form of start_time and end_time.
func nowEpochSeconds() float64 {
	return float64(nowUnixNano()) / 1e9
}
