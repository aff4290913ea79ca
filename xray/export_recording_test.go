package xray

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
)

// docSink collects what a document emitter hands over.
type docSink struct {
	mu   sync.Mutex
	docs [][]byte
}

func (s *docSink) add(doc []byte) {
	s.mu.Lock()
	s.docs = append(s.docs, bytes.Clone(doc))
	s.mu.Unlock()
}

func (s *docSink) take() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.docs
	s.docs = nil
	return out
}

func documentEmitterContext(t *testing.T, fn func([]byte), strategy sampling.Strategy) context.Context {
	t.Helper()
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: NewDocumentEmitter(fn), SamplingStrategy: strategy})
	if err != nil {
		t.Fatalf("ContextWithConfig: %v", err)
	}
	return ctx
}

// buildStreamedTree begins a root with 25 closed children (more than the
// default streaming threshold of 20) and closes it.
func buildStreamedTree(ctx context.Context) {
	ctx, root := BeginSegment(ctx, "root")
	for i := 0; i < 25; i++ {
		_, s := BeginSubsegment(ctx, "child")
		_ = s.AddAnnotation("i", i)
		s.Close(nil)
	}
	root.Close(nil)
}

type docShape struct{ name, typ string }

func shapes(t *testing.T, docs [][]byte) []docShape {
	t.Helper()
	out := make([]docShape, len(docs))
	for i, d := range docs {
		var m struct{ Name, Type string }
		if err := json.Unmarshal(d, &m); err != nil {
			t.Fatalf("document %d: %v\n%s", i, err, d)
		}
		out[i] = docShape{m.Name, m.Type}
	}
	return out
}

func TestExportDocumentEmitterPacksLikeDefaultEmitter(t *testing.T) {
	sink := &docSink{}
	buildStreamedTree(documentEmitterContext(t, sink.add, sampleAll{}))
	got := sink.take()

	d := newTestDaemon(t)
	ctx, _ := d.Context(t)
	buildStreamedTree(ctx)
	want := d.RecvRaw(t, len(got))
	d.ExpectNone(t, 0)

	if len(got) < 2 {
		t.Fatalf("got %d documents, want the streamed children and the root", len(got))
	}
	gs, ws := shapes(t, got), shapes(t, want)
	for i := range gs {
		if gs[i] != ws[i] {
			t.Errorf("document %d: emitter %+v, daemon %+v", i, gs[i], ws[i])
		}
	}
	last := gs[len(gs)-1]
	if last != (docShape{"root", ""}) {
		t.Errorf("last document %+v, want the root segment", last)
	}
	for i, doc := range got {
		validateSchema(t, doc)
		if bytes.HasPrefix(doc, []byte(Header)) {
			t.Errorf("document %d carries the header line", i)
		}
	}
}

func TestExportDocumentEmitterSkipsUnsampledTrees(t *testing.T) {
	var calls atomic.Int32
	ctx := documentEmitterContext(t, func([]byte) { calls.Add(1) }, sampleNone{})
	ctx, root := BeginSegment(ctx, "unsampled")
	_, sub := BeginSubsegment(ctx, "child")
	sub.Close(nil)
	root.Close(nil)
	if n := calls.Load(); n != 0 {
		t.Errorf("%d documents from an unsampled tree", n)
	}
}

func TestExportDocumentEmitterTruncatesOversizedEntity(t *testing.T) {
	sink := &docSink{}
	ctx := documentEmitterContext(t, sink.add, sampleAll{})
	_, root := BeginSegment(ctx, "big")
	_ = root.AddMetadata("blob", strings.Repeat("x", 100_000))
	root.Close(nil)
	docs := sink.take()
	if len(docs) != 1 {
		t.Fatalf("got %d documents, want 1", len(docs))
	}
	if len(docs[0]) > maxDocument || !bytes.Contains(docs[0], []byte(truncationMarker)) {
		t.Errorf("document of %d bytes, marker %v", len(docs[0]), bytes.Contains(docs[0], []byte(truncationMarker)))
	}
	validateSchema(t, docs[0])
}

func TestExportDocumentEmitterRecoversPanicsAndNilCallback(t *testing.T) {
	logs := captureLogs(t)
	ctx := documentEmitterContext(t, func([]byte) { panic("boom") }, sampleAll{})
	_, root := BeginSegment(ctx, "panics")
	root.Close(nil)
	if !logs.Has("ERROR xray: panic in the document emitter's callback: boom") {
		t.Errorf("no log line for the panic: %q", logs.Lines())
	}

	ctx = documentEmitterContext(t, nil, sampleAll{})
	_, root = BeginSegment(ctx, "discarded")
	root.Close(nil)

	NewDocumentEmitter(nil).Emit(nil)
	NewDocumentEmitter(nil).RefreshEmitterWithAddress(nil)
}

func TestExportDocumentEmitterConcurrentTrees(t *testing.T) {
	sink := &docSink{}
	ctx := documentEmitterContext(t, sink.add, sampleAll{})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				c, root := BeginSegment(ctx, "concurrent")
				_, sub := BeginSubsegment(c, "child")
				sub.Close(nil)
				root.Close(nil)
			}
		}()
	}
	wg.Wait()
	docs := sink.take()
	if len(docs) != 160 {
		t.Fatalf("got %d documents, want 160", len(docs))
	}
	for _, s := range shapes(t, docs) {
		if s != (docShape{"concurrent", ""}) {
			t.Errorf("unexpected document %+v", s)
		}
	}
}

// closeCounter is a sampling strategy that counts how often it is stopped.
type closeCounter struct {
	sampleAll
	closed atomic.Int32
}

func (c *closeCounter) Close() error { c.closed.Add(1); return nil }

func TestExportSwapConfigRestoresExactlyAndStopsNothing(t *testing.T) {
	keepGlobalConfig(t)
	original := &closeCounter{}
	if err := Configure(Config{SamplingStrategy: original, ServiceVersion: "1.0"}); err != nil {
		t.Fatal(err)
	}
	before := global()

	sink := &docSink{}
	restore := SwapConfig(Config{Emitter: NewDocumentEmitter(sink.add), SamplingStrategy: sampleAll{}, DaemonAddr: "not an address"})
	if original.closed.Load() != 0 {
		t.Error("SwapConfig stopped the replaced sampling strategy")
	}
	during := global()
	if during.daemonAddr != before.daemonAddr || during.snapshot.ServiceVersion != "1.0" {
		t.Errorf("SwapConfig changed settings it was not given: %+v", during.snapshot)
	}
	_, root := BeginSegment(context.Background(), "global")
	root.Close(nil)
	if got := shapes(t, sink.take()); len(got) != 1 || got[0].name != "global" {
		t.Errorf("documents under the swapped configuration: %+v", got)
	}

	restore()
	if global() != before {
		t.Error("restore did not put back the previous configuration")
	}
	if err := Configure(Config{ServiceVersion: "2.0"}); err != nil {
		t.Fatal(err)
	}
	restore() // a second call does nothing
	if global().snapshot.ServiceVersion != "2.0" {
		t.Error("a second restore undid a later Configure")
	}
	if original.closed.Load() != 0 {
		t.Error("restore stopped the sampling strategy it put back")
	}
}

func TestExportSwapConfigHonoursContextMissingEnv(t *testing.T) {
	keepGlobalConfig(t)
	t.Setenv(envContextMissing, ctxmissing.IgnoreErrorStrategy)
	restore := SwapConfig(Config{ContextMissingStrategy: ctxmissing.NewDefaultRuntimeErrorStrategy()})
	defer restore()
	if _, ok := global().snapshot.ContextMissingStrategy.(*ctxmissing.DefaultIgnoreErrorStrategy); !ok {
		t.Errorf("context-missing strategy %T, want the one AWS_XRAY_CONTEXT_MISSING names", global().snapshot.ContextMissingStrategy)
	}
}
