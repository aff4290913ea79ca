package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// setup starts a collector for t, points the SDK at it and makes any SDK
// warning or error fail t.
func setup(t *testing.T) *collector {
	t.Helper()
	expectNoSDKProblems(t)
	c := startCollector(t)
	c.configureSDK(t)
	return c
}

// ids returns the trace id and id of seg, read under its lock.
func ids(seg *xray.Segment) (traceID, id string) {
	seg.RLock()
	defer seg.RUnlock()
	return seg.TraceID, seg.ID
}

// TestPlainSegment sends a segment with annotations of every accepted type,
// metadata in two namespaces and two levels of subsegments.
func TestPlainSegment(t *testing.T) {
	c := setup(t)

	ctx, root := xray.BeginSegment(context.Background(), "e2e-plain")
	traceID, rootID := ids(root)
	for k, v := range map[string]any{"customer": "c-42", "retries": 2, "ratio": 0.5, "vip": true} {
		if err := root.AddAnnotation(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := root.AddMetadata("cart", map[string]any{"items": 3, "skus": []string{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	if err := root.AddMetadataToNamespace("custom", "flag", "on"); err != nil {
		t.Fatal(err)
	}
	cctx, child := xray.BeginSubsegment(ctx, "load-cart")
	if err := xray.AddAnnotation(cctx, "table", "carts"); err != nil {
		t.Fatal(err)
	}
	_, grand := xray.BeginSubsegment(cctx, "decode")
	grand.Close(nil)
	child.Close(nil)
	root.Close(nil)

	spans := c.waitTrace(t, traceID, 3)
	r := byName(t, spans, "e2e-plain")
	if r.SpanID != rootID || r.ParentID != "" || r.Kind != kindServer || r.Status != statusUnset {
		t.Errorf("root span: %+v", r)
	}
	wantTimes(t, r)
	r.wantAttr(t, "customer", "c-42")
	r.wantAttr(t, "retries", 2.0) // the receiver decodes JSON numbers as doubles
	r.wantAttr(t, "ratio", 0.5)
	r.wantAttr(t, "vip", true)
	keys, _ := r.attr(t, "aws.xray.annotations").([]any)
	if len(keys) != 4 {
		t.Errorf("aws.xray.annotations = %v, want the 4 keys", keys)
	}
	wantJSONAttr(t, r, "aws.xray.metadata.default", `{"cart":{"items":3,"skus":["a","b"]}}`)
	wantJSONAttr(t, r, "aws.xray.metadata.custom", `{"flag":"on"}`)
	for k, want := range map[string]any{
		"service.name": "e2e-plain", "telemetry.sdk.name": "X-Ray for Go",
		"telemetry.sdk.version": "1.8.5", "telemetry.sdk.language": "Go", "cloud.provider": "aws",
	} {
		if got := r.Resource[k]; got != want {
			t.Errorf("resource %s = %#v, want %#v", k, got, want)
		}
	}

	ch := byName(t, spans, "load-cart")
	wantChild(t, r, ch)
	ch.wantAttr(t, "table", "carts")
	if ch.Kind != kindInternal {
		t.Errorf("load-cart kind %d, want internal", ch.Kind)
	}
	g := byName(t, spans, "decode")
	wantChild(t, ch, g)
	wantTimes(t, g)
}

// TestInProgressAndLateClose sends a root closed while a child is open (the
// child goes out in progress) and then that child's late close, which the
// SDK sends on its own.
func TestInProgressAndLateClose(t *testing.T) {
	c := setup(t)

	ctx, root := xray.BeginSegment(context.Background(), "e2e-in-progress")
	traceID, _ := ids(root)
	_, open := xray.BeginSubsegment(ctx, "background")
	root.Close(nil)
	c.waitTraceRaw(t, traceID, 2)
	open.Close(nil)

	spans := c.waitTraceRaw(t, traceID, 3)
	r := byName(t, spans, "e2e-in-progress")
	versions := named(spans, "background")
	if len(versions) != 2 || versions[0].SpanID != versions[1].SpanID {
		t.Fatalf("want the in-progress and the final document of one subsegment:\n%s", describe(spans))
	}
	var inProgress, final int
	for _, v := range versions {
		if v.ParentID != r.SpanID { // closed after its parent: no time containment
			t.Errorf("background parent %s, want the root %s", v.ParentID, r.SpanID)
		}
		if v.Attrs["aws.xray.inprogress"] == true && v.End == 0 {
			inProgress++
		} else if v.End != 0 {
			final++
		}
	}
	if inProgress != 1 || final != 1 {
		t.Errorf("want one in-progress and one closed version, got %+v", versions)
	}
}

// TestCaptureErrorsAndPanics sends Capture subsegments that fail with an
// error and with a panic, a CaptureAsync one, an unsampled subsegment
// (BeginSubsegmentWithoutSampling, never sent) and a root closed with a
// wrapped error.
func TestCaptureErrorsAndPanics(t *testing.T) {
	c := setup(t)

	ctx, root := xray.BeginSegment(context.Background(), "e2e-capture")
	traceID, _ := ids(root)
	if err := xray.Capture(ctx, "fails", func(context.Context) error { return errors.New("boom") }); err == nil {
		t.Fatal("Capture returned no error")
	}
	func() {
		defer func() {
			if p := recover(); p != "kaboom" {
				t.Errorf("recovered %v, want the user's panic", p)
			}
		}()
		_ = xray.Capture(ctx, "panics", func(context.Context) error { panic("kaboom") })
	}()
	if err := xray.Capture(ctx, "succeeds", func(ctx context.Context) error {
		return xray.AddMetadata(ctx, "step", "done")
	}); err != nil {
		t.Fatal(err)
	}
	finished := make(chan struct{})
	xray.CaptureAsync(ctx, "async", func(context.Context) error {
		defer close(finished)
		return errors.New("async failure")
	})
	<-finished
	_, hidden := xray.BeginSubsegmentWithoutSampling(ctx, "not-sampled")
	hidden.Close(nil)
	root.Close(nil)

	_, failed := xray.BeginSegment(context.Background(), "e2e-root-error")
	failedTrace, _ := ids(failed)
	failed.Close(fmt.Errorf("wrapped: %w", io.ErrUnexpectedEOF))

	// root, fails, panics, succeeds, async; never "not-sampled"
	spans := c.waitTrace(t, traceID, 5)
	r := byName(t, spans, "e2e-capture")
	if r.Status != statusUnset {
		t.Errorf("root status %d, want unset", r.Status)
	}
	f := byName(t, spans, "fails")
	wantChild(t, r, f)
	wantException(t, f, "errors.errorString", "boom")
	if st := exceptionStack(f); !strings.Contains(st, "TestCaptureErrorsAndPanics") {
		t.Errorf("fails: stack trace does not name the test function:\n%s", st)
	}
	p := byName(t, spans, "panics")
	wantChild(t, r, p)
	wantException(t, p, "panic", "kaboom")
	s := byName(t, spans, "succeeds")
	wantChild(t, r, s)
	if s.Status != statusUnset || len(s.Events) != 0 {
		t.Errorf("succeeds: status %d events %v", s.Status, s.Events)
	}
	wantJSONAttr(t, s, "aws.xray.metadata.default", `{"step":"done"}`)
	a := byName(t, spans, "async")
	wantChild(t, r, a)
	wantException(t, a, "errors.errorString", "async failure")

	fr := c.waitTrace(t, failedTrace, 1)[0]
	wantException(t, fr, "wrapError", "wrapped: unexpected EOF")
}

// TestStreaming sends a root with 3 children of 10 grandchildren each (33
// subsegments): past the streaming threshold of 20 the SDK sends completed
// subsegments as separate documents, and every parent link must survive.
func TestStreaming(t *testing.T) {
	c := setup(t)

	ctx, root := xray.BeginSegment(context.Background(), "e2e-streaming")
	traceID, _ := ids(root)
	for b := 0; b < 3; b++ {
		bctx, batch := xray.BeginSubsegment(ctx, fmt.Sprintf("batch-%d", b))
		for i := 0; i < 10; i++ {
			_, item := xray.BeginSubsegment(bctx, fmt.Sprintf("item-%d-%d", b, i))
			_ = item.AddAnnotation("index", i)
			item.Close(nil)
		}
		batch.Close(nil)
	}
	root.Close(nil)

	spans := c.waitTrace(t, traceID, 34)
	r := byName(t, spans, "e2e-streaming")
	for b := 0; b < 3; b++ {
		batch := byName(t, spans, fmt.Sprintf("batch-%d", b))
		wantChild(t, r, batch)
		for i := 0; i < 10; i++ {
			item := byName(t, spans, fmt.Sprintf("item-%d-%d", b, i))
			wantChild(t, batch, item)
			item.wantAttr(t, "index", float64(i))
		}
	}
	if n := c.documents(t, traceID); n < 2 {
		t.Errorf("the trace arrived in %d document(s); streaming should have split it", n)
	}
}

// TestHundredSubsegments sends one segment with 100 subsegments: 10
// stages, each with 9 steps.
func TestHundredSubsegments(t *testing.T) {
	c := setup(t)

	ctx, root := xray.BeginSegment(context.Background(), "e2e-hundred")
	traceID, _ := ids(root)
	for s := 0; s < 10; s++ {
		sctx, stage := xray.BeginSubsegment(ctx, fmt.Sprintf("stage-%d", s))
		for i := 0; i < 9; i++ {
			_, step := xray.BeginSubsegment(sctx, fmt.Sprintf("step-%d-%d", s, i))
			step.Close(nil)
		}
		stage.Close(nil)
	}
	root.Close(nil)

	spans := c.waitTrace(t, traceID, 101)
	r := byName(t, spans, "e2e-hundred")
	for s := 0; s < 10; s++ {
		stage := byName(t, spans, fmt.Sprintf("stage-%d", s))
		wantChild(t, r, stage)
		for i := 0; i < 9; i++ {
			wantChild(t, stage, byName(t, spans, fmt.Sprintf("step-%d-%d", s, i)))
		}
	}
}

// TestOversizedStrings sends documents that would not fit into one UDP
// datagram: a 100 KB metadata value, a 100 KB annotation, and a name longer
// than 200 bytes. The SDK must truncate, never drop.
func TestOversizedStrings(t *testing.T) {
	c := setup(t)
	big := strings.Repeat("x", 100<<10)
	longName := "e2e-oversized-" + strings.Repeat("n", 300)

	ctx, root := xray.BeginSegment(context.Background(), longName)
	traceID, _ := ids(root)
	if err := root.AddMetadata("payload", big); err != nil {
		t.Fatal(err)
	}
	_, sub := xray.BeginSubsegment(ctx, "big-annotation")
	if err := sub.AddAnnotation("blob", big); err != nil {
		t.Fatal(err)
	}
	sub.Close(nil)
	_, small := xray.BeginSubsegment(ctx, "small")
	small.Close(nil)
	root.Close(nil)

	spans := c.waitTrace(t, traceID, 3)
	r := byName(t, spans, longName[:200])
	meta, _ := r.attr(t, "aws.xray.metadata.default").(string)
	if len(meta) >= 65507 || !strings.Contains(meta, "truncated") || !strings.HasPrefix(meta, `{"payload":"xxxx`) {
		t.Errorf("metadata not truncated as expected: %d bytes, starts %.40q, ends %q", len(meta), meta, meta[max(0, len(meta)-60):])
	}
	a := byName(t, spans, "big-annotation")
	wantChild(t, r, a)
	blob, _ := a.attr(t, "blob").(string)
	if len(blob) >= 65507 || !strings.HasPrefix(blob, "xxxx") {
		t.Errorf("annotation not truncated: %d bytes", len(blob))
	}
	wantChild(t, r, byName(t, spans, "small"))
}

// TestLambdaFacade sends what a Lambda function produces: top-level
// subsegments under the facade built from the invocation's trace header,
// with nested children, a failing one, and an oversampling-mitigation
// subsegment that must not be sent. An unsampled invocation sends nothing.
func TestLambdaFacade(t *testing.T) {
	c := setup(t)

	unsampledTrace := xray.NewTraceID()
	//lint:ignore SA1029 aws-lambda-go stores the trace header under this plain string key.
	uctx := context.WithValue(context.Background(), xray.LambdaTraceHeaderKey,
		"Root="+unsampledTrace+";Parent="+xray.NewSegmentID()+";Sampled=0")
	_ = xray.Capture(uctx, "unsampled-handler", func(context.Context) error { return nil })

	traceID, parent := xray.NewTraceID(), xray.NewSegmentID()
	//lint:ignore SA1029 aws-lambda-go stores the trace header under this plain string key.
	ctx := context.WithValue(context.Background(), xray.LambdaTraceHeaderKey,
		"Root="+traceID+";Parent="+parent+";Sampled=1")
	err := xray.Capture(ctx, "handler", func(ctx context.Context) error {
		if err := xray.AddAnnotation(ctx, "event", "order-created"); err != nil {
			return err
		}
		if err := xray.Capture(ctx, "validate", func(context.Context) error { return nil }); err != nil {
			return err
		}
		hctx, hidden := xray.BeginSubsegmentWithoutSampling(ctx, "hidden")
		_ = xray.Capture(hctx, "hidden-child", func(context.Context) error { return nil })
		hidden.Close(nil)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = xray.Capture(ctx, "notify", func(context.Context) error { return errors.New("queue unavailable") })

	spans := c.waitTrace(t, traceID, 3)
	h := byName(t, spans, "handler")
	if h.ParentID != parent {
		t.Errorf("handler parent %s, want the facade id %s", h.ParentID, parent)
	}
	wantTimes(t, h)
	h.wantAttr(t, "event", "order-created")
	wantChild(t, h, byName(t, spans, "validate"))
	n := byName(t, spans, "notify")
	if n.ParentID != parent {
		t.Errorf("notify parent %s, want the facade id %s", n.ParentID, parent)
	}
	wantException(t, n, "errors.errorString", "queue unavailable")

	for _, s := range c.readSpans(t) {
		if s.TraceID == otlpTraceID(unsampledTrace) {
			t.Errorf("an unsampled invocation was sent: %+v", s)
		}
	}
}

// wantJSONAttr fails t unless attribute key of s is a JSON text equal to
// want.
func wantJSONAttr(t *testing.T, s span, key, want string) {
	t.Helper()
	got, _ := s.attr(t, key).(string)
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("span %q attribute %q is not JSON: %q", s.Name, key, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if string(gb) != string(wb) {
		t.Errorf("span %q attribute %q = %s, want %s", s.Name, key, gb, wb)
	}
}

// exceptionStack returns the stack trace of the first exception event.
func exceptionStack(s span) string {
	for _, e := range s.Events {
		if st, ok := e.Attrs["exception.stacktrace"].(string); ok {
			return st
		}
	}
	return ""
}
