package xraytest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraytest"
)

// checkout is the "code under test" of these tests: a root segment with
// an annotation, metadata and a failing subsegment.
func checkout(ctx context.Context) {
	ctx, root := xray.BeginSegment(ctx, "checkout")
	_ = xray.AddAnnotation(ctx, "customer", "c-42")
	_ = xray.AddMetadataToNamespace(ctx, "cart", "items", 3)
	_ = xray.Capture(ctx, "load-cart", func(ctx context.Context) error {
		_ = xray.AddAnnotation(ctx, "attempt", 1)
		return errors.New("cart not found")
	})
	root.Close(nil)
}

func TestRecorderDecodesWhatTheSDKSends(t *testing.T) {
	t.Parallel()
	ctx, rec := xraytest.NewRecorder(t)
	checkout(ctx)

	seg := rec.WaitSegment(t, "checkout")
	if seg.Annotations["customer"] != "c-42" {
		t.Errorf("annotations %v", seg.Annotations)
	}
	if seg.Metadata["cart"]["items"] != 3.0 {
		t.Errorf("metadata %v", seg.Metadata)
	}
	if seg.Service == nil || seg.AWS["xray"] == nil || seg.Type != "" || seg.ParentID != "" || seg.InProgress {
		t.Errorf("root segment fields: %+v", seg)
	}
	sub := seg.Subsegment("load-cart")
	if sub == nil {
		t.Fatalf("no load-cart subsegment in %+v", seg.Subsegments)
	}
	if !sub.Fault || !sub.HasError() || sub.ParentID != seg.ID || sub.TraceID != seg.TraceID {
		t.Errorf("subsegment %+v", sub)
	}
	if ex := sub.Exceptions(); len(ex) != 1 || ex[0].Message != "cart not found" || ex[0].Type != "errors.errorString" {
		t.Errorf("exceptions %+v", ex)
	}
	if sub.Annotations["attempt"] != 1.0 {
		t.Errorf("subsegment annotations %v", sub.Annotations)
	}
	if sub.Raw["name"] != "load-cart" || sub.Raw["cause"] == nil {
		t.Errorf("raw %v", sub.Raw)
	}
	if seg.Exceptions() != nil || seg.HasError() {
		t.Errorf("root has errors: %+v", seg.Cause)
	}

	if got := rec.Errored(); len(got) != 1 || got[0].Name != "load-cart" {
		t.Errorf("Errored %q", names(got))
	}
	if got := rec.Subsegments(); len(got) != 1 || got[0].Name != "load-cart" {
		t.Errorf("Subsegments %q", names(got))
	}
	if rec.Len() != 1 || len(rec.Documents()) != 1 || len(rec.Segments()) != 1 {
		t.Errorf("Len %d Documents %d Segments %d", rec.Len(), len(rec.Documents()), len(rec.Segments()))
	}
}

func TestRecorderRecordsOnlySampledTrees(t *testing.T) {
	t.Parallel()
	ctx, rec := xraytest.NewRecorder(t, xraytest.WithConfig(xray.Config{SamplingStrategy: xraytest.SampleNone()}))
	checkout(ctx)
	// Emission is synchronous: had the tree been sent, it would be here.
	if rec.Len() != 0 {
		t.Errorf("an unsampled tree was recorded: %s", rec.RawDocuments())
	}
}

func TestRecorderFlattensStreamedTrees(t *testing.T) {
	t.Parallel()
	ctx, rec := xraytest.NewRecorder(t)
	ctx, root := xray.BeginSegment(ctx, "batch")
	for i := 0; i < 30; i++ {
		c, item := xray.BeginSubsegment(ctx, fmt.Sprintf("item-%d", i))
		_, step := xray.BeginSubsegment(c, "step")
		step.Close(nil)
		item.Close(nil)
	}
	root.Close(nil)

	if n := len(rec.Segments()); n != 1 {
		t.Errorf("%d segment documents, want 1", n)
	}
	if rec.Len() < 2 {
		t.Errorf("%d documents: nothing was streamed", rec.Len())
	}
	subs := rec.Subsegments()
	if len(subs) != 60 {
		t.Fatalf("%d subsegments, want 60: %q", len(subs), names(subs))
	}
	seen := map[string]bool{}
	for _, s := range subs {
		if seen[s.ID] {
			t.Errorf("subsegment %s listed twice", s.ID)
		}
		seen[s.ID] = true
	}
	if n := len(rec.SubsegmentsNamed("step")); n != 30 {
		t.Errorf("%d subsegments named step, want 30", n)
	}
	standalone := 0
	for _, d := range rec.Documents() {
		if d.IsSubsegmentDocument() {
			standalone++
			if d.Name == "batch" || d.TraceID != d.Raw["trace_id"] {
				t.Errorf("standalone document %+v", d)
			}
		}
	}
	if standalone == 0 {
		t.Error("no standalone subsegment document")
	}
	if got := rec.WaitSubsegment(t, "item-29"); got.ParentID != rec.Segments()[0].ID {
		t.Errorf("item-29 has parent %s", got.ParentID)
	}
}

func TestRecorderZeroValueIsAnEmitter(t *testing.T) {
	t.Parallel()
	var rec xraytest.Recorder
	ctx, err := xray.ContextWithConfig(context.Background(), xray.Config{Emitter: &rec, SamplingStrategy: xraytest.SampleAll()})
	if err != nil {
		t.Fatal(err)
	}
	checkout(ctx)
	if got := rec.Wait(t, 1); len(got) != 1 || got[0].Name != "checkout" {
		t.Errorf("documents %q", names(got))
	}
	rec.RefreshEmitterWithAddress(nil)
}

func TestRecordersOfParallelTestsAreIsolated(t *testing.T) {
	for i := 0; i < 4; i++ {
		name := fmt.Sprintf("worker-%d", i)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, rec := xraytest.NewRecorder(t)
			var wg sync.WaitGroup
			for j := 0; j < 10; j++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, seg := xray.BeginSegment(ctx, name)
					seg.Close(nil)
				}()
			}
			wg.Wait()
			docs := rec.Wait(t, 10)
			if len(docs) != 10 || len(rec.SegmentsNamed(name)) != 10 {
				t.Errorf("got %q", names(docs))
			}
		})
	}
}

func TestRecorderResetAndRawDocuments(t *testing.T) {
	t.Parallel()
	ctx, rec := xraytest.NewRecorder(t)
	checkout(ctx)
	raw := rec.RawDocuments()
	if len(raw) != 1 || !strings.HasPrefix(string(raw[0]), `{"trace_id":"1-`) {
		t.Fatalf("raw %q", raw)
	}
	raw[0][0] = 'X' // a copy: the recorder is not affected
	if rec.Documents()[0].Name != "checkout" {
		t.Error("RawDocuments returned the recorder's own buffer")
	}
	rec.Reset()
	if rec.Len() != 0 || rec.Segments() != nil || rec.Err() != nil {
		t.Error("Reset left documents behind")
	}
	checkout(ctx)
	if rec.WaitSegment(t, "checkout").Name != "checkout" {
		t.Error("nothing recorded after Reset")
	}
}

func TestRecorderHonoursConfig(t *testing.T) {
	t.Parallel()
	ctx, rec := xraytest.NewRecorder(t, xraytest.WithConfig(xray.Config{ServiceVersion: "2.3.0", DaemonAddr: "ignored:1"}))
	checkout(ctx)
	if seg := rec.WaitSegment(t, "checkout"); seg.Service == nil || seg.Service.Version != "2.3.0" {
		t.Errorf("service %+v", seg.Service)
	}
}

func names(segs []xraytest.Segment) []string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.Name
	}
	return out
}
