package sampling

import "math/rand/v2"

// randSource is the part of utils.Rand a sampling decision needs.
// Float64 returns a number in [0, 1) and is safe for concurrent use.
type randSource interface {
	Float64() float64
}

// runtimeRand draws from math/rand/v2's global source, which is lock-free
// (per-thread state in the runtime).
type runtimeRand struct{}

func (runtimeRand) Float64() float64 { return rand.Float64() }

// orRuntime returns r, or the lock-free global source when r is nil.
func orRuntime(r randSource) randSource {
	if r == nil {
		return runtimeRand{}
	}
	return r
}
