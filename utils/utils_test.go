package utils

import (
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestInterfaces(t *testing.T) {
	var _ Clock = &DefaultClock{}
	var _ Clock = &MockClock{}
	var _ Rand = &DefaultRand{}
	var _ Rand = &MockRand{}
}

func TestDefaultClock(t *testing.T) {
	c := &DefaultClock{}
	before := time.Now()
	now := c.Now()
	if now.Before(before) || now.Sub(before) > time.Minute {
		t.Errorf("Now() = %v, expected about %v", now, before)
	}
	inc := c.Increment(10, 5)
	if d := inc.Sub(now); d < 10*time.Second || d > 10*time.Second+time.Minute {
		t.Errorf("Increment(10, 5) is %v after Now", d)
	}
	if c.Now().Sub(now) > time.Minute {
		t.Error("Increment moved the system clock")
	}
}

func TestMockClock(t *testing.T) {
	c := &MockClock{NowTime: 1500000000, NowNanos: 7}
	if got := c.Now(); !got.Equal(time.Unix(1500000000, 7)) {
		t.Errorf("Now() = %v", got)
	}
	if got := c.Increment(10, 3); !got.Equal(time.Unix(1500000010, 10)) {
		t.Errorf("Increment(10, 3) = %v", got)
	}
	if c.NowTime != 1500000010 || c.NowNanos != 10 {
		t.Errorf("fields after Increment = %d, %d", c.NowTime, c.NowNanos)
	}
	if got := c.Now().Unix(); got != 1500000010 {
		t.Errorf("Now().Unix() = %d", got)
	}
	a, b := MockClock{NowTime: 1}, MockClock{NowTime: 1}
	if a != b {
		t.Error("MockClock is not comparable by value")
	}
}

// Run with -race: the clock is advanced and read from many goroutines.
func TestMockClockConcurrent(t *testing.T) {
	c := &MockClock{}
	const workers, steps = 8, 1000
	var wg sync.WaitGroup
	for range workers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range steps {
				c.Increment(1, 2)
			}
		}()
		go func() {
			defer wg.Done()
			for range steps {
				_ = c.Now()
			}
		}()
	}
	wg.Wait()
	if got := c.Now(); !got.Equal(time.Unix(workers*steps, 2*workers*steps)) {
		t.Errorf("after concurrent increments Now() = %v", got)
	}
}

func TestDefaultRand(t *testing.T) {
	r := &DefaultRand{}
	for range 1000 {
		if v := r.Float64(); v < 0 || v >= 1 {
			t.Fatalf("Float64() = %v", v)
		}
		if v := r.Intn(10); v < 0 || v >= 10 {
			t.Fatalf("Intn(10) = %v", v)
		}
		if v := r.Int63n(1 << 40); v < 0 || v >= 1<<40 {
			t.Fatalf("Int63n = %v", v)
		}
	}
	// Bad bounds give 0 instead of the math/rand panic.
	if r.Intn(0) != 0 || r.Intn(-1) != 0 || r.Int63n(0) != 0 || r.Int63n(-5) != 0 {
		t.Error("non-positive bounds did not give 0")
	}
}

func TestMockRand(t *testing.T) {
	r := &MockRand{F64: 0.25, Int: 3, Int64: 4}
	if r.Float64() != 0.25 || r.Intn(100) != 3 || r.Int63n(100) != 4 {
		t.Errorf("MockRand returned %v, %v, %v", r.Float64(), r.Intn(100), r.Int63n(100))
	}
	r.F64 = 0.75
	if r.Float64() != 0.75 {
		t.Errorf("Float64() after change = %v", r.Float64())
	}
	x, y := MockRand{Int: 1}, MockRand{Int: 1}
	if x != y {
		t.Error("MockRand is not comparable by value")
	}
}

// Run with -race: readers in many goroutines, a writer using atomic stores.
func TestMockRandConcurrent(t *testing.T) {
	r := &MockRand{F64: 0.5, Int: 1, Int64: 2}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				if f := r.Float64(); f != 0.5 && f != 0.9 {
					t.Errorf("Float64() = %v", f)
					return
				}
				_ = r.Intn(10)
				_ = r.Int63n(10)
			}
		}()
	}
	atomic.StoreUint64((*uint64)(unsafe.Pointer(&r.F64)), math.Float64bits(0.9))
	atomic.StoreInt64(&r.Int64, 5)
	wg.Wait()
	if r.Float64() != 0.9 || r.Int63n(1) != 5 {
		t.Errorf("after stores: %v, %v", r.Float64(), r.Int63n(1))
	}
}

func TestTimerPeriod(t *testing.T) {
	tm := &Timer{d: 300 * time.Second, jitter: 5 * time.Second}
	seen := map[time.Duration]bool{}
	for range 1000 {
		p := tm.period()
		if p <= 295*time.Second || p > 300*time.Second {
			t.Fatalf("period %v outside (295s, 300s]", p)
		}
		seen[p] = true
	}
	if len(seen) < 2 {
		t.Error("jitter is not redrawn")
	}
	for _, j := range []time.Duration{0, -time.Second} {
		if p := (&Timer{d: time.Second, jitter: j}).period(); p != time.Second {
			t.Errorf("jitter %v: period %v, want exactly 1s", j, p)
		}
	}
}

func TestTimerFiresAndResets(t *testing.T) {
	start := time.Now()
	tm := NewTimer(60*time.Millisecond, 50*time.Millisecond)
	select {
	case fired := <-tm.C():
		if d := fired.Sub(start); d < 10*time.Millisecond {
			t.Errorf("fired after %v, before d - jitter", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("timer did not fire")
	}
	tm.Reset()
	select {
	case <-tm.C():
	case <-time.After(10 * time.Second):
		t.Fatal("timer did not fire after Reset")
	}
}

// A zero Timer (not made by NewTimer) never panics: it has not started,
// and Reset starts it.
func TestZeroTimer(t *testing.T) {
	var tm Timer
	if tm.C() != nil {
		t.Fatal("a zero Timer has a channel before Reset")
	}
	tm.d = time.Millisecond
	tm.Reset()
	select {
	case <-tm.C():
	case <-time.After(10 * time.Second):
		t.Fatal("a zero Timer did not fire after Reset")
	}
}
