package sampling

import (
	"math"
	"sync/atomic"
)

// window is a lock-free per-second usage counter. One 64-bit word holds the
// second of the last change (low 32 bits of the Unix time: only equality is
// ever tested), a "borrowed this second" flag and the number of units used in
// that second. Entering a different second resets flag and usage.
type window struct {
	v atomic.Uint64
}

const (
	windowBorrowed = 1 << 31
	windowUsedMask = windowBorrowed - 1
	// maxWindowUsed caps limits so that usage always fits its bits.
	maxWindowUsed = windowUsedMask
)

func packWindow(sec int64, borrowed bool, used uint64) uint64 {
	w := uint64(uint32(sec))<<32 | used
	if borrowed {
		w |= windowBorrowed
	}
	return w
}

// at returns the flag and usage of the word as seen from second sec.
func windowAt(w uint64, sec int64) (borrowed bool, used uint64) {
	if uint32(w>>32) != uint32(sec) {
		return false, 0
	}
	return w&windowBorrowed != 0, w & windowUsedMask
}

// take uses one unit in second sec if fewer than limit were used.
func (w *window) take(sec, limit int64) bool {
	if limit <= 0 {
		return false
	}
	lim := uint64(min(limit, maxWindowUsed))
	for {
		old := w.v.Load()
		borrowed, used := windowAt(old, sec)
		if used >= lim {
			return false
		}
		if w.v.CompareAndSwap(old, packWindow(sec, borrowed, used+1)) {
			return true
		}
	}
}

// borrow sets the borrowed flag of second sec; it fails if it was set.
func (w *window) borrow(sec int64) bool {
	for {
		old := w.v.Load()
		borrowed, used := windowAt(old, sec)
		if borrowed {
			return false
		}
		if w.v.CompareAndSwap(old, packWindow(sec, true, used)) {
			return true
		}
	}
}

// clampInt64 converts a JSON number of seconds to int64 without relying on
// the implementation-defined conversion of out-of-range floats.
func clampInt64(f float64) int64 {
	switch {
	case f != f: // NaN
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}
