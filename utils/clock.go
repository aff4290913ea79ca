// Package utils holds the clock, random source and jittered timer the
// sampling strategies run on, with mocks for tests.
package utils

import (
	"sync/atomic"
	"time"
)

// Clock tells the time. Implementations are safe for concurrent use.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Increment moves the clock forward by s seconds and ns nanoseconds
	// (where it can) and returns the resulting time.
	Increment(s int64, ns int64) time.Time
}

// DefaultClock is the system clock.
type DefaultClock struct{}

// Now returns time.Now().
func (c *DefaultClock) Now() time.Time { return time.Now() }

// Increment returns the current time plus s seconds and ns nanoseconds. The
// system clock itself cannot be moved.
func (c *DefaultClock) Increment(s int64, ns int64) time.Time {
	return time.Now().Add(time.Duration(s)*time.Second + time.Duration(ns))
}

// MockClock is a manually driven clock for tests: Now returns
// time.Unix(NowTime, NowNanos).
//
// The methods read and update the fields atomically, so one MockClock may
// be shared by many goroutines. Code that changes the fields while other
// goroutines use the clock must do so with Increment or with
// atomic.StoreInt64/atomic.AddInt64 on the fields.
type MockClock struct {
	NowTime  int64
	NowNanos int64
}

// Now returns time.Unix(NowTime, NowNanos).
func (c *MockClock) Now() time.Time {
	return time.Unix(atomic.LoadInt64(&c.NowTime), atomic.LoadInt64(&c.NowNanos))
}

// Increment adds s to NowTime and ns to NowNanos and returns the new time.
func (c *MockClock) Increment(s int64, ns int64) time.Time {
	sec := atomic.AddInt64(&c.NowTime, s)
	nsec := atomic.AddInt64(&c.NowNanos, ns)
	return time.Unix(sec, nsec)
}
