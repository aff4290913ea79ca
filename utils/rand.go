package utils

import (
	"math"
	"math/rand/v2"
	"sync/atomic"
	"unsafe"
)

// Rand is a source of random numbers. Implementations are safe for
// concurrent use.
type Rand interface {
	// Int63n returns a number in [0, n).
	Int63n(n int64) int64
	// Intn returns a number in [0, n).
	Intn(n int) int
	// Float64 returns a number in [0.0, 1.0).
	Float64() float64
}

// DefaultRand draws from the process-wide random source of math/rand/v2,
// which is safe for concurrent use and needs no seeding. It is not suitable
// for security-sensitive work.
type DefaultRand struct{}

// Int63n returns a uniform number in [0, n); it returns 0 when n <= 0
// instead of panicking.
func (r *DefaultRand) Int63n(n int64) int64 {
	if n <= 0 {
		return 0
	}
	return rand.Int64N(n)
}

// Intn returns a uniform number in [0, n); it returns 0 when n <= 0 instead
// of panicking.
func (r *DefaultRand) Intn(n int) int {
	if n <= 0 {
		return 0
	}
	return rand.IntN(n)
}

// Float64 returns a uniform number in [0.0, 1.0).
func (r *DefaultRand) Float64() float64 { return rand.Float64() }

// MockRand returns fixed values for tests: Int63n returns Int64, Intn
// returns Int and Float64 returns F64, whatever the argument.
//
// The methods load the fields atomically, so one MockRand may be shared by
// many goroutines; set the fields before sharing it, or change them with
// atomic stores (for F64: atomic.StoreUint64 of math.Float64bits through a
// *uint64 to the field).
type MockRand struct {
	F64   float64
	Int64 int64
	Int   int
}

// Int63n returns r.Int64.
func (r *MockRand) Int63n(n int64) int64 { return atomic.LoadInt64(&r.Int64) }

// Intn returns r.Int.
func (r *MockRand) Intn(n int) int {
	if unsafe.Sizeof(r.Int) == 8 {
		return int(atomic.LoadInt64((*int64)(unsafe.Pointer(&r.Int))))
	}
	return int(atomic.LoadInt32((*int32)(unsafe.Pointer(&r.Int))))
}

// Float64 returns r.F64.
func (r *MockRand) Float64() float64 {
	return math.Float64frombits(atomic.LoadUint64((*uint64)(unsafe.Pointer(&r.F64))))
}
