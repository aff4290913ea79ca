package sampling

import "github.com/aws/aws-xray-sdk-go/utils"

// Reservoir is the per-second reservoir of a local rule: at most its rule's
// fixed_target samples are taken in each Unix second. Only reservoirs built
// by this package's constructors and manifest loaders are meaningful; a zero
// Reservoir never takes.
type Reservoir struct {
	clock    utils.Clock
	capacity int64
	used     window
}

// newReservoir returns a reservoir of capacity samples per second.
func newReservoir(capacity int64, clock utils.Clock) *Reservoir {
	return &Reservoir{clock: clock, capacity: capacity}
}

// Take reports whether a sample could be taken from the reservoir in the
// current second, and takes it. Safe for concurrent use; lock-free.
func (r *Reservoir) Take() bool {
	if r == nil || r.capacity <= 0 {
		return false
	}
	return r.used.take(clockUnix(r.clock), r.capacity)
}
