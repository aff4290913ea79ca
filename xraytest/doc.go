// Package xraytest records, in memory, the segment documents the X-Ray SDK
// would send to the daemon, so that tests can assert on what their code
// traces.
//
// Documents go through the SDK's real packer and encoder (the ones the
// DefaultEmitter uses, see xray.NewDocumentEmitter) and are decoded back
// into plain structs: what a test sees is what the daemon would receive.
//
// A test installs a Recorder for its own context:
//
//	func TestCheckout(t *testing.T) {
//		ctx, rec := xraytest.NewRecorder(t)
//		ctx, seg := xray.BeginSegment(ctx, "checkout")
//		err := checkout(ctx) // code under test, adds subsegments and annotations
//		seg.Close(err)
//
//		got := rec.WaitSegment(t, "checkout")
//		if got.Annotations["customer"] != "c-42" {
//			t.Errorf("annotations %v", got.Annotations)
//		}
//		if db := got.Subsegment("orders-db"); db == nil || db.SQL == nil {
//			t.Errorf("no SQL subsegment: %+v", got.Subsegments)
//		}
//	}
//
// Code that does not take a context (xray.Handler, BeginSegment with
// context.Background()) uses the process-wide configuration: NewGlobalRecorder
// installs a Recorder there for one test and puts the previous configuration
// back when the test ends. Such tests must not run in parallel.
//
// NewDaemon starts a UDP listener on 127.0.0.1 standing in for the X-Ray
// daemon, for tests that want the real socket path (xray.DefaultEmitter,
// AWS_XRAY_DAEMON_ADDRESS, size limits of datagrams). It has the same
// accessors as a Recorder.
//
// NewRecorder, NewGlobalRecorder and NewDaemon sample every request unless
// WithConfig gives a sampling strategy; like the DefaultEmitter, a recorder
// keeps sampled trees only.
// Waiting is done with WaitFor, Wait, WaitSegment and WaitSubsegment, never
// with sleeps: emission is synchronous when the last entity of a tree closes,
// so the wait returns as soon as the document exists.
package xraytest
