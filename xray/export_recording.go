package xray

import (
	"net"
	"runtime/debug"
	"sync"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// This file holds what package xray offers to code that records the SDK's
// output in process instead of receiving it over UDP (package xraytest is
// built on it): an emitter that hands over the documents the DefaultEmitter
// would send, and a reversible change of the process-wide configuration.

// NewDocumentEmitter returns an Emitter that hands each document the
// DefaultEmitter would send to fn instead of sending it.
//
// Contract:
//   - Trees are packed exactly as the DefaultEmitter packs them: the same
//     streaming strategy, the same size limit (a too large tree is split into
//     standalone subsegment documents, a single too large entity has its
//     longest strings truncated) and the same order (streamed subsegments
//     first, the emitted entity last).
//   - Only sampled trees produce documents; an unsampled tree makes no call.
//   - doc is one JSON document without the Header line. It is only valid
//     during the call: copy it to keep it.
//   - fn runs on the goroutine that completed the entity, while the SDK holds
//     that entity's lock: it must not call functions of this package and
//     should return quickly. Calls for different trees may run concurrently.
//   - A panic in fn is recovered and logged; the rest of that tree's
//     documents are lost. A nil fn discards the documents.
//
// RefreshEmitterWithAddress of the returned emitter does nothing.
func NewDocumentEmitter(fn func(doc []byte)) Emitter {
	return &documentEmitter{fn: fn}
}

type documentEmitter struct {
	fn func(doc []byte)
}

// Emit packs seg (locked by the caller) and its subtree like the
// DefaultEmitter and passes each document to the callback.
func (de *documentEmitter) Emit(seg *Segment) {
	defer func() {
		if p := recover(); p != nil {
			logger.Errorf("xray: panic in the document emitter's callback: %v\n%s", p, debug.Stack())
		}
	}()
	if seg == nil || !seg.root().Sampled {
		return
	}
	p := getPacker()
	defer putPacker(p)
	p.pack(seg)
	if de.fn == nil {
		return
	}
	p.datagrams(func(d []byte) {
		de.fn(d[len(Header):])
	})
}

// RefreshEmitterWithAddress does nothing: the emitter sends nowhere.
func (de *documentEmitter) RefreshEmitterWithAddress(*net.UDPAddr) {}

// SwapConfig changes the process-wide configuration like Configure and
// returns a function that puts back, exactly, the configuration that was in
// effect before the call. It is meant for tests that need other
// process-wide settings for a while.
//
// It differs from Configure in two ways: the sampling strategy it replaces
// keeps running (Configure stops it, so that it could not be put back
// intact), and c.DaemonAddr is ignored (no emitter is re-targeted). As with
// Configure, non-zero fields of c replace the current settings and
// AWS_XRAY_CONTEXT_MISSING wins over c.ContextMissingStrategy.
//
// restore may be called more than once; only the first call has an effect.
// It discards whatever Configure or SwapConfig installed after this call,
// so swaps must be undone in reverse order and must not overlap with
// changes made by other goroutines (tests that use it cannot run in
// parallel with each other).
func SwapConfig(c Config) (restore func()) {
	configureMu.Lock()
	defer configureMu.Unlock()

	old := global()
	next := *old.snapshot
	if c.SamplingStrategy != nil {
		next.SamplingStrategy = c.SamplingStrategy
	}
	if c.Emitter != nil {
		next.Emitter = c.Emitter
	}
	overlayConfig(&next, &c)
	globalPtr.Store(&globalState{daemonAddr: old.daemonAddr, snapshot: &next})

	var once sync.Once
	return func() {
		once.Do(func() {
			configureMu.Lock()
			globalPtr.Store(old)
			configureMu.Unlock()
		})
	}
}
