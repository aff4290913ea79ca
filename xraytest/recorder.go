package xraytest

import (
	"bytes"
	"context"
	"net"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// Recorder is an xray.Emitter that keeps in memory the documents the
// DefaultEmitter would send: each sampled tree is packed and encoded by the
// SDK's real encoder (xray.NewDocumentEmitter), unsampled trees are
// ignored. Its methods return the documents decoded.
//
// The zero value is ready to use and can be put into any xray.Config;
// NewRecorder and NewGlobalRecorder also install it. A Recorder is safe for
// concurrent use.
type Recorder struct {
	store

	once sync.Once
	em   xray.Emitter
}

// NewRecorder returns a Recorder and a context, derived from t.Context(),
// whose segments it records: segments begun in ctx (and everything begun
// under them) sample every request (unless WithConfig gives a sampling
// strategy) and are sent to the Recorder. The process-wide configuration is
// not touched, so tests using it may run in parallel. When the test ends,
// a document that could not be decoded fails it.
func NewRecorder(t testing.TB, opts ...Option) (context.Context, *Recorder) {
	t.Helper()
	r := &Recorder{}
	cfg, timeout := build(opts, r)
	r.timeout = timeout
	ctx, err := xray.ContextWithConfig(t.Context(), cfg)
	if err != nil {
		// Only a bad AWS_XRAY_DAEMON_ADDRESS gets here; the recorder
		// sends nowhere, so it does not matter.
		t.Logf("xraytest: ignoring %v", err)
	}
	t.Cleanup(func() { r.reportErrors(t) })
	return ctx, r
}

// NewGlobalRecorder returns a Recorder installed as the process-wide
// emitter, with a sampling strategy that samples every request (unless
// WithConfig gives one), for code that does not take a context holding a
// configuration (xray.Handler, BeginSegment with context.Background()).
// When the test ends the previous process-wide configuration is put back
// exactly, its sampling strategy still running (see xray.SwapConfig).
//
// Tests that use it must not run in parallel with each other nor with
// tests that call xray.Configure.
func NewGlobalRecorder(t testing.TB, opts ...Option) *Recorder {
	t.Helper()
	r := &Recorder{}
	cfg, timeout := build(opts, r)
	r.timeout = timeout
	t.Cleanup(xray.SwapConfig(cfg))
	t.Cleanup(func() { r.reportErrors(t) })
	return r
}

// Emit records seg's tree, packed and encoded like the DefaultEmitter does,
// when it is sampled.
func (r *Recorder) Emit(seg *xray.Segment) { r.emitter().Emit(seg) }

// RefreshEmitterWithAddress does nothing: a Recorder sends nowhere.
func (r *Recorder) RefreshEmitterWithAddress(*net.UDPAddr) {}

func (r *Recorder) emitter() xray.Emitter {
	r.once.Do(func() { r.em = xray.NewDocumentEmitter(r.keep) })
	return r.em
}

// keep runs under the lock of the entity being emitted: copy and return.
func (r *Recorder) keep(doc []byte) { r.add(bytes.Clone(doc)) }

// reportErrors fails t when a document could not be decoded.
func (s *store) reportErrors(t testing.TB) {
	if err := s.Err(); err != nil {
		t.Error(err)
	}
}
