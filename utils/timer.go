package utils

import (
	"math/rand/v2"
	"time"
)

// Timer fires once per period of d minus a random jitter in [0, jitter),
// drawn again on every Reset. The sampling pollers use it so that many
// processes do not poll the daemon in step.
//
// A Timer is meant for one goroutine: the one that waits on C and calls
// Reset.
type Timer struct {
	t      *time.Timer
	d      time.Duration
	jitter time.Duration
}

// NewTimer returns a running timer that fires after d minus a random jitter
// in [0, jitter). A jitter of zero or less means none.
func NewTimer(d, jitter time.Duration) *Timer {
	tm := &Timer{d: d, jitter: jitter}
	tm.t = time.NewTimer(tm.period())
	return tm
}

// C returns the channel the timer fires on. A Timer that was not made by
// NewTimer (a zero Timer) has not started: its channel is nil until Reset.
func (tm *Timer) C() <-chan time.Time {
	if tm.t == nil {
		return nil
	}
	return tm.t.C
}

// Reset re-arms the timer for a new period with a fresh jitter. A firing
// that was not received before Reset is discarded. It starts a zero Timer.
func (tm *Timer) Reset() {
	if tm.t == nil {
		tm.t = time.NewTimer(tm.period())
		return
	}
	tm.t.Reset(tm.period())
}

func (tm *Timer) period() time.Duration {
	if tm.jitter <= 0 {
		return tm.d
	}
	return tm.d - rand.N(tm.jitter)
}
