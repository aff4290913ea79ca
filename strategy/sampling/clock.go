package sampling

import (
	"sync/atomic"
	"time"

	"github.com/aws/aws-xray-sdk-go/utils"
)

// Decisions need the current Unix second. time.Now reads two clocks (wall
// and monotonic); the wall second can be derived from the monotonic clock
// alone, which costs half as much, by anchoring it to a wall reading. The
// anchor is renewed at least every anchorTTL, so a step of the wall clock
// (a jump set by NTP, say) shows within that time, and the two clocks run
// at the same rate in between.

const anchorTTL = time.Second

// clockAnchor pairs a time.Now reading (which carries a monotonic reading)
// with its Unix time in nanoseconds.
type clockAnchor struct {
	at       time.Time
	unixNano int64
}

var anchor atomic.Pointer[clockAnchor]

// wallUnix returns the current Unix second of the system clock.
func wallUnix() int64 {
	if a := anchor.Load(); a != nil {
		if d := time.Since(a.at); d < anchorTTL { // monotonic clock only
			return (a.unixNano + int64(d)) / int64(time.Second)
		}
	}
	now := time.Now()
	anchor.Store(&clockAnchor{at: now, unixNano: now.UnixNano()})
	return now.Unix()
}

// clockUnix returns the whole Unix second of c, or of the system clock when
// c is nil (the strategies' production clock; also hand-built zero values).
func clockUnix(c utils.Clock) int64 {
	if c == nil {
		return wallUnix()
	}
	return c.Now().Unix()
}

// clockNow returns c's time, or the system clock's when c is nil.
func clockNow(c utils.Clock) time.Time {
	if c == nil {
		return time.Now()
	}
	return c.Now()
}
