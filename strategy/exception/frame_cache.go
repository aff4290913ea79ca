package exception

import (
	"slices"
	"sync/atomic"
)

// Turning program counters into frames costs a few hundred nanoseconds per
// frame, and a service records errors from the same few call paths over and
// over. frameCache remembers the frames of recently converted stacks in a
// fixed table of immutable entries: lookups take no lock, a slot is simply
// overwritten by the next stack that hashes to it, and memory stays bounded.

const (
	frameCacheSlots = 256 // a power of two
	// frameCacheMaxPCs keeps very deep stacks out of the table.
	frameCacheMaxPCs = 64
)

// frameCacheEntry is never modified once published.
type frameCacheEntry struct {
	hash   uint64
	pcs    []uintptr
	frames []Stack
}

var frameCache [frameCacheSlots]atomic.Pointer[frameCacheEntry]

// hashPCs mixes the program counters into one 64-bit value.
func hashPCs(pcs []uintptr) uint64 {
	h := uint64(len(pcs))
	for _, pc := range pcs {
		h ^= uint64(pc)
		h *= 0x9e3779b97f4a7c15
		h ^= h >> 32
	}
	return h
}

// cachedFrames returns a copy of the frames cached for pcs, or nil and the
// hash to store them under.
func cachedFrames(pcs []uintptr) ([]Stack, uint64) {
	h := hashPCs(pcs)
	e := frameCache[h&(frameCacheSlots-1)].Load()
	if e == nil || e.hash != h || !slices.Equal(e.pcs, pcs) {
		return nil, h
	}
	return slices.Clone(e.frames), h
}

// storeFrames remembers frames for pcs. Both are copied, so the caller keeps
// ownership of its slices.
func storeFrames(h uint64, pcs []uintptr, frames []Stack) {
	if len(pcs) > frameCacheMaxPCs {
		return
	}
	frameCache[h&(frameCacheSlots-1)].Store(&frameCacheEntry{
		hash:   h,
		pcs:    slices.Clone(pcs),
		frames: slices.Clone(frames),
	})
}
