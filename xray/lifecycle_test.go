package xray

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
)

func TestRootSegmentDocument(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	before := float64(time.Now().UnixNano()) / 1e9
	_, seg := BeginSegment(ctx, "orders")
	seg.Close(nil)
	after := float64(time.Now().UnixNano()) / 1e9
	doc := rec.Recv(t, 1)[0]

	if got := str(t, doc, "trace_id"); !traceIDPattern.MatchString(got) {
		t.Errorf("trace_id %q", got)
	}
	if got := str(t, doc, "id"); !idPattern.MatchString(got) {
		t.Errorf("id %q", got)
	}
	if got := str(t, doc, "name"); got != "orders" {
		t.Errorf("name %q", got)
	}
	start, end := doc["start_time"].(float64), doc["end_time"].(float64)
	if start < before || end < start || end > after {
		t.Errorf("times %v..%v outside %v..%v", start, end, before, after)
	}
	for _, key := range []string{"in_progress", "parent_id", "type", "fault", "origin", "Dummy", "subsegments", "cause"} {
		if _, ok := doc[key]; ok {
			t.Errorf("unexpected key %q in %v", key, doc)
		}
	}
	xray := obj(t, obj(t, doc, "aws"), "xray")
	if !reflect.DeepEqual(xray, map[string]interface{}{"sdk_version": "1.8.5", "sdk": "X-Ray for Go"}) {
		t.Errorf("aws.xray = %v", xray)
	}
	svc := obj(t, doc, "service")
	if svc["runtime"] != "gc" || !strings.HasPrefix(str(t, svc, "runtime_version"), "go") || svc["version"] != nil {
		t.Errorf("service = %v", svc)
	}
	if !seg.Emitted || !seg.ContextDone || seg.InProgress {
		t.Errorf("Emitted %v ContextDone %v InProgress %v", seg.Emitted, seg.ContextDone, seg.InProgress)
	}
	// The trace id's time part is the begin time.
	if tid := str(t, doc, "trace_id"); tid[2:10] != fmt.Sprintf("%08x", int64(start)) {
		t.Errorf("trace id time %s, start %v", tid[2:10], start)
	}
}

func TestSegmentNameTruncatedTo200Bytes(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	long := strings.Repeat("a", 250)
	ctx, seg := BeginSegment(ctx, long)
	_, sub := BeginSubsegment(ctx, strings.Repeat("b", 300))
	sub.Close(nil)
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	if got := str(t, doc, "name"); got != long[:200] {
		t.Errorf("name has %d bytes", len(got))
	}
	if got := str(t, subsegmentsOf(t, doc)[0], "name"); len(got) != 200 {
		t.Errorf("subsegment name has %d bytes", len(got))
	}
}

func TestSubsegmentsEmbeddedWithRootParentID(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	c1, a := BeginSubsegment(ctx, "a")
	_, b := BeginSubsegment(c1, "b")
	_ = b.AddAnnotation("k", "v")
	b.Close(nil)
	a.Close(nil)
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	if rec.Pending() != 0 {
		t.Fatalf("%d extra documents", rec.Pending())
	}
	subs := subsegmentsOf(t, doc)
	if len(subs) != 1 || subs[0]["name"] != "a" {
		t.Fatalf("subsegments %v", subs)
	}
	inner := subsegmentsOf(t, subs[0])
	if len(inner) != 1 || inner[0]["name"] != "b" {
		t.Fatalf("nested %v", inner)
	}
	for _, s := range []map[string]interface{}{subs[0], inner[0]} {
		if s["parent_id"] != doc["id"] || s["trace_id"] != doc["trace_id"] || s["type"] != nil {
			t.Errorf("embedded %v: parent_id/trace_id/type wrong (root %v)", s, doc["id"])
		}
		if _, ok := s["aws"]; ok {
			t.Errorf("subsegment has aws block: %v", s)
		}
	}
	// After emission Subsegments holds the children's JSON.
	var sub Segment
	if len(seg.Subsegments) != 1 || json.Unmarshal(seg.Subsegments[0], &sub) != nil || sub.Name != "a" || sub.ID != a.ID {
		t.Errorf("seg.Subsegments = %s", seg.Subsegments)
	}
}

func TestSubsegmentClosedBeforeParentWaits(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	c1, a := BeginSubsegment(ctx, "a")
	_, b := BeginSubsegment(c1, "b")
	b.Close(nil)
	a.Close(nil)
	if n := rec.Pending(); n != 0 {
		t.Fatalf("%d documents sent before the root closed", n)
	}
	seg.Close(nil)
	rec.Recv(t, 1)
}

func TestRootClosedWithOpenChild(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "worker")
	c1, open := BeginSubsegment(ctx, "background")
	_, done := BeginSubsegment(c1, "done-inside")
	done.Close(nil)
	seg.Close(nil)

	doc := rec.Recv(t, 1)[0]
	subs := subsegmentsOf(t, doc)
	if len(subs) != 1 || subs[0]["in_progress"] != true || subs[0]["end_time"] != nil {
		t.Fatalf("open child not in progress: %v", subs)
	}
	if inner := subsegmentsOf(t, subs[0]); len(inner) != 1 || inner[0]["end_time"] == nil {
		t.Fatalf("closed grandchild not embedded: %v", inner)
	}

	open.Close(nil)
	late := rec.Recv(t, 1)[0]
	if late["type"] != "subsegment" || late["parent_id"] != doc["id"] || late["trace_id"] != doc["trace_id"] ||
		late["id"] != subs[0]["id"] || late["in_progress"] != nil || late["end_time"] == nil {
		t.Errorf("late child document %v", late)
	}
	if _, ok := late["subsegments"]; ok {
		t.Errorf("grandchild delivered twice: %v", late)
	}
	seg.Close(nil)
	open.Close(nil)
	if n := rec.Pending(); n != 0 {
		t.Errorf("%d documents after repeated closes", n)
	}
}

func TestDoubleCloseIsANoOp(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	logs := captureLogs(t)
	_, seg := BeginSegment(ctx, "root")
	seg.Close(nil)
	end := seg.EndTime
	seg.Close(nil)
	rec.Recv(t, 1)
	if rec.Pending() != 0 || seg.EndTime != end {
		t.Errorf("second close changed something: pending %d, end %v vs %v", rec.Pending(), seg.EndTime, end)
	}
	if !logs.Has("DEBUG xray: segment is already closed") {
		t.Errorf("no debug line: %v", logs.Lines())
	}
}

func TestChildBegunAfterRootSentIsStreamed(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	seg.Close(nil)
	root := rec.Recv(t, 1)[0]
	c, late := BeginSubsegment(ctx, "late")
	_, nested := BeginSubsegment(c, "nested")
	nested.Close(nil)
	if rec.Pending() != 0 {
		t.Fatal("nested child sent before its parent closed")
	}
	late.Close(nil)
	doc := rec.Recv(t, 1)[0]
	if doc["name"] != "late" || doc["type"] != "subsegment" || doc["parent_id"] != root["id"] {
		t.Errorf("late document %v", doc)
	}
	if inner := subsegmentsOf(t, doc); len(inner) != 1 || inner[0]["name"] != "nested" {
		t.Errorf("nested not embedded: %v", inner)
	}
}

func TestEveryClosedEntityDeliveredOnce(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	var open []*Segment
	for i := 0; i < 5; i++ {
		c, a := BeginSubsegment(ctx, "a")
		_, b := BeginSubsegment(c, "b")
		if i%2 == 0 {
			b.Close(nil)
			a.Close(nil)
		} else {
			open = append(open, b, a)
		}
	}
	seg.Close(nil)
	for _, s := range open {
		s.Close(nil)
	}
	docs := rec.Recv(t, 1+len(open))
	all := flatten(t, docs)
	if len(all) != 1+10 {
		t.Errorf("%d entities, want 11", len(all))
	}
	for id, e := range all {
		if e.doc["end_time"] == nil {
			t.Errorf("entity %s never delivered closed", id)
		}
	}
	if rec.Pending() != 0 {
		t.Errorf("%d extra documents", rec.Pending())
	}
}

func TestCloseAndStream(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	c, a := BeginSubsegment(ctx, "a")
	_, b := BeginSubsegment(c, "b")
	b.CloseAndStream(nil)
	doc := rec.Recv(t, 1)[0]
	if doc["name"] != "b" || doc["type"] != "subsegment" || doc["parent_id"] != a.ID || doc["trace_id"] != seg.TraceID {
		t.Errorf("streamed %v", doc)
	}
	a.CloseAndStream(nil)
	doc = rec.Recv(t, 1)[0]
	if doc["name"] != "a" || doc["parent_id"] != seg.ID || doc["subsegments"] != nil {
		t.Errorf("streamed %v", doc)
	}
	seg.CloseAndStream(nil) // a root: plain Close
	root := rec.Recv(t, 1)[0]
	if root["subsegments"] != nil {
		t.Errorf("streamed children embedded again: %v", root)
	}
	var nilSeg *Segment
	nilSeg.CloseAndStream(nil)
	if got := seg.liveCount.Load(); got != 0 {
		t.Errorf("live count %d after streaming everything", got)
	}
}

func TestCloseAndStreamUnderFacadeCompletesParent(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	fctx, _ := BeginFacadeSegment(ctx, "facade", header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
	c, a := BeginSubsegment(fctx, "a")
	_, b := BeginSubsegment(c, "b")
	a.Close(nil)
	b.CloseAndStream(nil)
	docs := rec.Recv(t, 2)
	if docs[0]["name"] != "b" || docs[1]["name"] != "a" || docs[1]["parent_id"] != "53995c3f42cd8ad8" {
		t.Errorf("documents %v", docs)
	}
}

func TestRemoveSubsegment(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	_, keep := BeginSubsegment(ctx, "keep")
	_, drop := BeginSubsegment(ctx, "drop")
	if !seg.RemoveSubsegment(drop) {
		t.Fatal("RemoveSubsegment = false")
	}
	if seg.RemoveSubsegment(drop) || seg.RemoveSubsegment(nil) {
		t.Fatal("second RemoveSubsegment = true")
	}
	keep.Close(nil)
	drop.Close(nil)
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	subs := subsegmentsOf(t, doc)
	if len(subs) != 1 || subs[0]["name"] != "keep" {
		t.Errorf("subsegments %v", subs)
	}
	if rec.Pending() != 0 {
		t.Errorf("removed subsegment sent")
	}
}

func TestCountStreaming(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	var ids []string
	for i := 0; i < 25; i++ {
		_, s := BeginSubsegment(ctx, "s")
		ids = append(ids, s.ID)
		s.Close(nil)
	}
	seg.Close(nil)
	docs := rec.Recv(t, 6)
	for i, d := range docs[:5] {
		if d["type"] != "subsegment" || d["parent_id"] != seg.ID {
			t.Errorf("streamed doc %d: %v", i, d)
		}
	}
	root := docs[5]
	if root["id"] != seg.ID || len(subsegmentsOf(t, root)) != 20 {
		t.Errorf("root has %d subsegments", len(subsegmentsOf(t, root)))
	}
	all := flatten(t, docs)
	for _, id := range ids {
		if _, ok := all[id]; !ok {
			t.Errorf("subsegment %s missing", id)
		}
	}
	// Streaming cuts the first child; the last takes its place.
	if docs[0]["id"] != ids[0] || docs[1]["id"] != ids[24] {
		t.Errorf("streaming order %v %v", docs[0]["id"], docs[1]["id"])
	}
}

func TestCustomStreamingThreshold(t *testing.T) {
	r := &testRecorder{notify: make(chan struct{}, 1)}
	ss, err := NewDefaultStreamingStrategyWithMaxSubsegmentCount(2)
	if err != nil {
		t.Fatal(err)
	}
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: r, SamplingStrategy: sampleAll{}, StreamingStrategy: ss})
	ctx, seg := BeginSegment(ctx, "root")
	for i := 0; i < 4; i++ {
		_, s := BeginSubsegment(ctx, "s")
		s.Close(nil)
	}
	seg.Close(nil)
	docs := r.Recv(t, 3)
	if len(subsegmentsOf(t, docs[2])) != 2 {
		t.Errorf("root %v", docs[2])
	}
	if _, err := NewDefaultStreamingStrategyWithMaxSubsegmentCount(0); err == nil || err.Error() != "maxSubsegmentCount must be a non-negative integer" {
		t.Errorf("err %v", err)
	}
}

// noDataStreaming asks for streaming but never delegates the cut: the
// emitter must not loop forever.
type noDataStreaming struct{}

func (noDataStreaming) RequiresStreaming(*Segment) bool              { return true }
func (noDataStreaming) StreamCompletedSubsegments(*Segment) [][]byte { return nil }

// delegatingStreaming streams through the default strategy.
type delegatingStreaming struct{ DefaultStreamingStrategy }

func TestCustomStreamingStrategies(t *testing.T) {
	for name, ss := range map[string]StreamingStrategy{
		"no data":    noDataStreaming{},
		"delegating": &delegatingStreaming{DefaultStreamingStrategy{MaxSubsegmentCount: 1}},
	} {
		t.Run(name, func(t *testing.T) {
			r := &testRecorder{notify: make(chan struct{}, 1)}
			ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: r, SamplingStrategy: sampleAll{}, StreamingStrategy: ss})
			ctx, seg := BeginSegment(ctx, "root")
			for i := 0; i < 3; i++ {
				_, s := BeginSubsegment(ctx, "s")
				s.Close(nil)
			}
			seg.Close(nil)
			want := 1
			if name == "delegating" {
				want = 3
			}
			docs := r.Recv(t, want)
			if all := flatten(t, docs); len(all) != 4 {
				t.Errorf("%d entities", len(all))
			}
		})
	}
}

func TestUnsampledSegment(t *testing.T) {
	r := &testRecorder{notify: make(chan struct{}, 1)}
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: r, SamplingStrategy: sampleNone{}})
	ctx, seg := BeginSegment(ctx, "root")
	c, sub := BeginSubsegment(ctx, "sub")
	if seg.TraceID != noopTraceID || seg.ID != noopID || sub.ID != noopID || sub.TraceID != noopTraceID {
		t.Errorf("ids %s %s %s", seg.TraceID, seg.ID, sub.ID)
	}
	if !seg.Dummy || seg.Sampled || !sub.Dummy || sub.Sampled {
		t.Errorf("flags seg %v/%v sub %v/%v", seg.Dummy, seg.Sampled, sub.Dummy, sub.Sampled)
	}
	if err := sub.AddAnnotation("k", []int{1}); err != nil {
		t.Errorf("annotation type checked on a dummy: %v", err)
	}
	if got := GetSegment(c).DownstreamHeader().String(); got != "Root="+noopTraceID+";Parent="+noopID+";Sampled=0" {
		t.Errorf("header %q", got)
	}
	sub.Close(nil)
	seg.Close(nil)
	if r.Pending() != 0 {
		t.Error("unsampled document sent")
	}

	t.Setenv("AWS_XRAY_NOOP_ID", "FALSE")
	ctx2, seg2 := BeginSegment(ctx, "root")
	_, sub2 := BeginSubsegment(ctx2, "sub")
	if !traceIDPattern.MatchString(seg2.TraceID) || seg2.ID == noopID || sub2.ID == noopID {
		t.Errorf("AWS_XRAY_NOOP_ID=false: ids %s %s %s", seg2.TraceID, seg2.ID, sub2.ID)
	}
}

func TestBeginSubsegmentWithoutSampling(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	c, quiet := BeginSubsegmentWithoutSampling(ctx, "quiet")
	c2, child := BeginSubsegment(c, "child")
	if !quiet.Dummy || quiet.Sampled || !child.Dummy {
		t.Errorf("flags quiet %v/%v child %v", quiet.Dummy, quiet.Sampled, child.Dummy)
	}
	if !idPattern.MatchString(quiet.ID) || quiet.ID == noopID {
		t.Errorf("quiet id %q", quiet.ID)
	}
	if h := quiet.DownstreamHeader(); h.SamplingDecision != header.NotSampled || h.ParentID != quiet.ID || h.TraceID != seg.TraceID {
		t.Errorf("header %v", h)
	}
	if h := GetSegment(c2).DownstreamHeader(); h.SamplingDecision != header.NotSampled {
		t.Errorf("child header %v", h)
	}
	_, visible := BeginSubsegment(ctx, "visible")
	visible.Close(nil)
	// The root is sent at its Close even though quiet is still open.
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	subs := subsegmentsOf(t, doc)
	if len(subs) != 1 || subs[0]["name"] != "visible" {
		t.Errorf("subsegments %v", subs)
	}
	child.Close(nil)
	quiet.Close(nil)
	if rec.Pending() != 0 {
		t.Error("unsampled subsegment sent")
	}
}

func TestBeginSubsegmentWithoutSamplingNoParent(t *testing.T) {
	ctx, _ := ContextWithConfig(context.Background(), Config{ContextMissingStrategy: ctxmissing.NewDefaultIgnoreErrorStrategy()})
	c, s := BeginSubsegmentWithoutSampling(ctx, "x")
	if s != nil || c != ctx {
		t.Errorf("got %v %v", c, s)
	}
}

func TestNewSegmentFromHeader(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	h := header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Foo=bar")
	c, seg := NewSegmentFromHeader(ctx, "server", nil, h)
	if !RequestWasTraced(c) || seg.IncomingHeader != h {
		t.Error("RequestWasTraced/IncomingHeader not set")
	}
	_, sub := BeginSubsegment(c, "call")
	if got := sub.DownstreamHeader().String(); got != "Root=1-5759e988-bd862e3fe1be46a994272793;Parent="+sub.ID+";Sampled=1;Foo=bar" {
		t.Errorf("downstream %q", got)
	}
	sub.Close(nil)
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	if doc["trace_id"] != "1-5759e988-bd862e3fe1be46a994272793" || doc["parent_id"] != "53995c3f42cd8ad8" {
		t.Errorf("doc %v", doc)
	}
	if s := subsegmentsOf(t, doc)[0]; s["trace_id"] != doc["trace_id"] {
		t.Errorf("sub trace id %v", s["trace_id"])
	}

	// Sampled=0 wins over the strategy; the trace id is kept.
	req := mustRequest(t, "GET", "http://example.com/")
	_, un := NewSegmentFromHeader(ctx, "server", req, header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0"))
	if un.Sampled || un.TraceID != "1-5759e988-bd862e3fe1be46a994272793" || un.ID != noopID {
		t.Errorf("unsampled %v %v %v", un.Sampled, un.TraceID, un.ID)
	}
	un.Close(nil)

	// A nil header is an empty one.
	_, n := NewSegmentFromHeader(ctx, "server", nil, nil)
	if !n.Sampled || !n.RequestWasTraced {
		t.Errorf("nil header segment %+v", n)
	}
	n.Close(nil)
	rec.Recv(t, 1)
}

func TestSamplingDecisionFromHeaderAndRequest(t *testing.T) {
	var seen []string
	rs := recordingStrategy(func(host, method, url, svc string) { seen = append(seen, host+" "+method+" "+url+" "+svc) })
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: &testRecorder{notify: make(chan struct{}, 1)}, SamplingStrategy: rs})
	r := mustRequest(t, "GET", "http://example.com/path?q=1")
	_, s1 := BeginSegmentWithSampling(ctx, "svc", r, header.FromString("Sampled=1"))
	_, s2 := BeginSegmentWithSampling(ctx, "svc", r, header.FromString("Sampled=0"))
	_, s3 := BeginSegmentWithSampling(ctx, "svc", r, header.FromString("Sampled=?"))
	_, s4 := BeginSegmentWithSampling(ctx, "svc2", nil, nil)
	if !s1.Sampled || s2.Sampled || s3.Sampled || s4.Sampled {
		t.Errorf("decisions %v %v %v %v", s1.Sampled, s2.Sampled, s3.Sampled, s4.Sampled)
	}
	if want := []string{"example.com GET /path svc", "   svc2"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("strategy saw %q, want %q", seen, want)
	}
}

func TestTracingNameEnv(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	t.Setenv("AWS_XRAY_TRACING_NAME", "from-env")
	ctx, seg := BeginSegment(ctx, "from-code")
	_, sub := BeginSubsegment(ctx, "sub")
	sub.Close(nil)
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	if doc["name"] != "from-env" || subsegmentsOf(t, doc)[0]["name"] != "sub" {
		t.Errorf("names %v", doc)
	}
}

func TestSDKDisabled(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	t.Setenv("AWS_XRAY_SDK_DISABLED", "TRUE")
	if !SdkDisabled() {
		t.Fatal("SdkDisabled() = false")
	}
	c, seg := BeginSegment(ctx, "root")
	c2, sub := BeginSubsegment(c, "sub")
	if GetSegment(c) != seg || GetSegment(c2) != sub {
		t.Error("segments not in context")
	}
	for _, s := range []*Segment{seg, sub} {
		if err := s.AddAnnotation("k", "v"); err != nil {
			t.Error(err)
		}
		_ = s.AddMetadata("k", "v")
		_ = s.AddMetadataToNamespace("n", "k", "v")
		_ = s.AddError(context.Canceled)
		if got := s.DownstreamHeader().String(); got != "" {
			t.Errorf("downstream header %q", got)
		}
		s.CloseAndStream(nil)
		s.Close(context.Canceled)
		if !reflect.DeepEqual(s, &Segment{}) {
			t.Errorf("disabled segment changed: %+v", s)
		}
	}
	if rec.Pending() != 0 {
		t.Error("document sent while disabled")
	}
	t.Setenv("AWS_XRAY_SDK_DISABLED", "false")
	if SdkDisabled() {
		t.Error("SdkDisabled() = true")
	}
}

func TestFacadeFromLambdaContext(t *testing.T) {
	rec := &testRecorder{notify: make(chan struct{}, 1)}
	base, _ := ContextWithConfig(context.Background(), Config{Emitter: rec})
	lambdaCtx := withStringKey(base, LambdaTraceHeaderKey, "Root=1-5f000000-aaaaaaaaaaaaaaaaaaaaaaaa;Parent=0123456789abcdef;Sampled=1")
	if GetSegment(lambdaCtx) != nil {
		t.Fatal("facade stored in context")
	}
	if err := AddAnnotation(lambdaCtx, "k", "v"); err != ErrRetrieveSegment {
		t.Errorf("AddAnnotation = %v", err)
	}
	c, sub := BeginSubsegment(lambdaCtx, "handle-event")
	_, inner := BeginSubsegment(c, "inner")
	inner.Close(nil)
	sub.Close(nil)
	doc := rec.Recv(t, 1)[0]
	if doc["name"] != "handle-event" || doc["type"] != "subsegment" || doc["parent_id"] != "0123456789abcdef" ||
		doc["trace_id"] != "1-5f000000-aaaaaaaaaaaaaaaaaaaaaaaa" || doc["aws"] != nil || doc["service"] != nil {
		t.Errorf("lambda subsegment %v", doc)
	}
	if in := subsegmentsOf(t, doc); len(in) != 1 || in[0]["name"] != "inner" {
		t.Errorf("inner %v", in)
	}
	if p := sub.ParentSegment; !p.Facade || p.Name != "facade" || p.ID != "0123456789abcdef" {
		t.Errorf("facade %+v", p)
	}

	// Unsampled (or undecided) invocation: nothing is sent.
	for _, hv := range []string{"Root=1-5f000000-aaaaaaaaaaaaaaaaaaaaaaaa;Parent=0123456789abcdef;Sampled=0", "Root=1-5f000000-aaaaaaaaaaaaaaaaaaaaaaaa;Parent=0123456789abcdef"} {
		_, s := BeginSubsegment(withStringKey(base, LambdaTraceHeaderKey, hv), "x")
		if !s.Dummy || s.ID != noopID {
			t.Errorf("%s: dummy %v id %s", hv, s.Dummy, s.ID)
		}
		s.Close(nil)
	}
	if rec.Pending() != 0 {
		t.Error("unsampled Lambda subsegment sent")
	}
}

func TestLambdaHeaderOfWrongTypeIsIgnored(t *testing.T) {
	ctx, _ := ContextWithConfig(context.Background(), Config{ContextMissingStrategy: ctxmissing.NewDefaultIgnoreErrorStrategy()})
	ctx = withStringKey(ctx, LambdaTraceHeaderKey, 42)
	if c, s := BeginSubsegment(ctx, "x"); s != nil || c != ctx {
		t.Errorf("got %v", s)
	}
}

func TestBeginFacadeSegmentWithoutHeader(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	c, f := BeginFacadeSegment(ctx, "facade", nil)
	if f.Facade || !f.Sampled || GetSegment(c) != f {
		t.Errorf("facade %+v", f)
	}
	f.Close(nil)
	doc := rec.Recv(t, 1)[0]
	if doc["aws"] != nil || doc["service"] != nil || doc["name"] != "facade" {
		t.Errorf("doc %v", doc)
	}
}

func TestContextMissingStrategies(t *testing.T) {
	logs := captureLogs(t)
	for _, c := range []struct {
		strategy ctxmissing.Strategy
		panics   bool
		logs     bool
	}{
		{ctxmissing.NewDefaultRuntimeErrorStrategy(), true, false},
		{ctxmissing.NewDefaultLogErrorStrategy(), false, true},
		{ctxmissing.NewDefaultIgnoreErrorStrategy(), false, false},
	} {
		ctx, _ := ContextWithConfig(context.Background(), Config{ContextMissingStrategy: c.strategy})
		var got interface{}
		func() {
			defer func() { got = recover() }()
			rc, s := BeginSubsegment(ctx, "orphan")
			if s != nil || rc != ctx {
				t.Errorf("BeginSubsegment = %v, %v", rc, s)
			}
		}()
		const msg = "failed to begin subsegment named 'orphan': segment cannot be found."
		if c.panics != (got == msg) {
			t.Errorf("%T: panic %v", c.strategy, got)
		}
		if has := logs.Has("ERROR Suppressing AWS X-Ray context missing panic: " + msg); has != c.logs {
			t.Errorf("%T: logged %v: %v", c.strategy, has, logs.Lines())
		}
		logs.mu.Lock()
		logs.lines = nil
		logs.mu.Unlock()
	}
}

func TestContextHelpers(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	if TraceID(context.Background()) != "" || RequestWasTraced(context.Background()) || GetSegment(context.Background()) != nil {
		t.Error("helpers on an empty context")
	}
	for _, err := range []error{
		AddAnnotation(context.Background(), "k", "v"), AddMetadata(context.Background(), "k", "v"),
		AddMetadataToNamespace(context.Background(), "n", "k", "v"), AddError(context.Background(), context.Canceled),
	} {
		if err != ErrRetrieveSegment || err.Error() != "unable to retrieve segment" {
			t.Errorf("err %v", err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	c, seg := BeginSegment(cctx, "root")
	if TraceID(c) != seg.TraceID || RequestWasTraced(c) {
		t.Error("TraceID/RequestWasTraced")
	}
	d := DetachContext(c)
	cancel()
	if d.Err() != nil || GetSegment(d) != seg || GetRecorder(d) != nil {
		t.Error("DetachContext")
	}
	_, sub := BeginSubsegment(d, "background")
	if err := AddAnnotation(c, "k", "v"); err != nil {
		t.Error(err)
	}
	if err := AddMetadataToNamespace(c, "ns", "k", 1); err != nil {
		t.Error(err)
	}
	sub.Close(nil)
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	if obj(t, doc, "annotations")["k"] != "v" || obj(t, obj(t, doc, "metadata"), "ns")["k"] != 1.0 {
		t.Errorf("doc %v", doc)
	}
	// fasthttp keys
	fctx := withStringKey(withStringKey(context.Background(), fasthttpSegmentKey, seg), fasthttpRecorderKey, &Config{ServiceVersion: "f"})
	if GetSegment(fctx) != seg || GetRecorder(fctx).ServiceVersion != "f" {
		t.Error("fasthttp keys")
	}
}

func TestAnnotationValidation(t *testing.T) {
	ctx, _ := newTestRecorder(t)
	_, seg := BeginSegment(ctx, "root")
	defer seg.Close(nil)
	for _, v := range []interface{}{true, 1, uint(1), float32(1), 1.5, "s"} {
		if err := seg.AddAnnotation("k", v); err != nil {
			t.Errorf("%T rejected: %v", v, err)
		}
	}
	err := seg.AddAnnotation("key", int64(3))
	want := `failed to add annotation key: "key" value: '\x03' to subsegment "root". value must be of type string, number or boolean`
	if err == nil || err.Error() != want {
		t.Errorf("err %v, want %s", err, want)
	}
	if seg.AddError(nil) != nil || seg.Cause != nil {
		t.Error("AddError(nil) recorded something")
	}
}

func TestLongLivedFacadeDoesNotAccumulate(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	fctx, facade := BeginFacadeSegment(ctx, "facade", header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
	for i := 0; i < 50; i++ {
		c, s := BeginSubsegment(fctx, "call")
		_, in := BeginSubsegment(c, "inner")
		in.Close(nil)
		s.Close(nil)
	}
	docs := rec.Recv(t, 50)
	for _, d := range docs {
		if len(subsegmentsOf(t, d)) != 1 {
			t.Fatalf("inner streamed out of %v", d)
		}
	}
	facade.RLock()
	n := facade.childCount()
	facade.RUnlock()
	if n != 0 || facade.liveCount.Load() != 0 {
		t.Errorf("facade holds %d children, live count %d", n, facade.liveCount.Load())
	}
}

func TestLiveCountBalances(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	var open []*Segment
	for i := 0; i < 60; i++ {
		c, s := BeginSubsegment(ctx, "s")
		_, in := BeginSubsegment(c, "in")
		in.Close(nil)
		if i%3 == 0 {
			open = append(open, s)
		} else {
			s.Close(nil)
		}
	}
	seg.Close(nil)
	for _, s := range open {
		s.Close(nil)
	}
	rec.drain(t)
	if n := seg.liveCount.Load(); n != 0 {
		t.Errorf("live count %d after everything was sent", n)
	}
}
