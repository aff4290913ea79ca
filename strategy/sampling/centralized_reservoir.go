package sampling

import "sync/atomic"

// defaultTargetInterval is the reporting interval of a rule, in seconds,
// until the service sends another.
const defaultTargetInterval = 10

// CentralizedReservoir is the reservoir of a centralized rule: a quota of
// samples per second assigned by the X-Ray service, valid until its expiry,
// and the right to borrow one sample per second while no valid quota is
// held. All fields are atomics: decisions read them while the target poller
// writes them.
type CentralizedReservoir struct {
	capacity    atomic.Int64 // ReservoirSize of the rule; 0 forbids borrowing
	quota       atomic.Int64 // samples per second while the quota is valid
	expiresAt   atomic.Int64 // Unix second after which the quota is invalid
	interval    atomic.Int64 // seconds between statistics reports
	refreshedAt atomic.Int64 // Unix second of the last target for this rule
	used        window
}

// newCentralizedReservoir returns a reservoir with no quota yet.
func newCentralizedReservoir(capacity int64) *CentralizedReservoir {
	r := &CentralizedReservoir{}
	r.capacity.Store(max(capacity, 0))
	r.interval.Store(defaultTargetInterval)
	return r
}

// Take reports whether a sample is left of the quota in Unix second now, and
// takes it. It does not look at the quota's expiry.
func (r *CentralizedReservoir) Take(now int64) bool {
	return r.used.take(now, r.quota.Load())
}

// expired reports whether the quota is not valid in Unix second now.
func (r *CentralizedReservoir) expired(now int64) bool {
	return now > r.expiresAt.Load()
}

// borrow takes the one sample a rule without a valid quota may take in second
// now, if its capacity is non-zero and it was not taken yet.
func (r *CentralizedReservoir) borrow(now int64) bool {
	return r.capacity.Load() != 0 && r.used.borrow(now)
}
