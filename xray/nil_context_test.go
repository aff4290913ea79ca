package xray

import (
	"context"
	"testing"
)

// A nil context is a caller's slip (staticcheck SA1012), not a reason to
// take the program down: it stands for context.Background().
func TestNilContextNeverPanics(t *testing.T) {
	keepGlobalConfig(t)
	recCtx, rec := newTestRecorder(t)
	if err := Configure(Config{Emitter: GetRecorder(recCtx).Emitter, SamplingStrategy: sampleAll{}}); err != nil {
		t.Fatal(err)
	}
	logs := captureLogs(t)

	var nilCtx context.Context
	ctx, seg := BeginSegment(nilCtx, "nil-parent")
	if GetSegment(ctx) != seg {
		t.Fatal("the returned context does not carry the segment")
	}
	_, sub := BeginSubsegment(ctx, "child")
	sub.Close(nil)
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	if str(t, doc, "name") != "nil-parent" {
		t.Errorf("document %v", doc)
	}

	if err := Capture(nilCtx, "no-parent", func(context.Context) error { return nil }); err != nil {
		t.Errorf("Capture: %v", err)
	}
	if c, s := BeginSubsegment(nilCtx, "orphan"); s != nil || c == nil {
		t.Errorf("BeginSubsegment(nil) = %v, %v; want a usable context and no subsegment", c, s)
	}
	if err := AddAnnotation(nilCtx, "k", "v"); err != ErrRetrieveSegment {
		t.Errorf("AddAnnotation(nil) = %v, want ErrRetrieveSegment", err)
	}
	if !logs.Has("ERROR Suppressing AWS X-Ray context missing panic: failed to begin subsegment named 'orphan': segment cannot be found.") {
		t.Errorf("the context-missing strategy was not told: %q", logs.Lines())
	}
}
