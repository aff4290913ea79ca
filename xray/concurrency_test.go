package xray

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// drain returns every document received so far, validated and decoded.
func (r *testRecorder) drain(t *testing.T) []map[string]interface{} {
	t.Helper()
	return r.Recv(t, r.Pending())
}

// hammerTree begins, annotates, fails and closes subsegments of the root in
// ctx from many goroutines, closing the root halfway through so that
// documents are encoded while the tree changes. It returns the ids of every
// entity begun.
func hammerTree(t *testing.T, ctx context.Context, root *Segment, workers, perWorker int) map[string]bool {
	t.Helper()
	var mu sync.Mutex
	ids := map[string]bool{root.ID: true}
	var wg sync.WaitGroup
	var half sync.WaitGroup
	half.Add(workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				if i == perWorker/2 {
					half.Done()
				}
				c, sub := BeginSubsegment(ctx, fmt.Sprintf("w%d-%d", w, i))
				c2, inner := BeginSubsegment(c, "inner")
				mu.Lock()
				ids[sub.ID], ids[inner.ID] = true, true
				mu.Unlock()
				_ = AddAnnotation(c2, "worker", w)
				_ = AddMetadata(c2, "i", map[string]interface{}{"i": i})
				_ = sub.AddAnnotation("n", i)
				_ = sub.AddMetadataToNamespace("ns", fmt.Sprint(i), i)
				_ = root.AddAnnotation(fmt.Sprintf("w%d", w), i)
				_ = root.AddMetadata(fmt.Sprint(w), i)
				if i%3 == 0 {
					_ = AddError(c, errors.New("failed"))
				}
				_ = DownstreamHeaderString(sub)
				switch i % 4 {
				case 0:
					inner.Close(nil)
					sub.Close(nil)
				case 1:
					sub.Close(errors.New("outer first"))
					inner.Close(nil)
				case 2:
					inner.CloseAndStream(nil)
					sub.Close(nil)
				default:
					inner.Close(nil)
					sub.CloseAndStream(nil)
				}
			}
		}(w)
	}
	half.Wait()
	root.Close(nil)
	wg.Wait()
	return ids
}

// DownstreamHeaderString exercises header building concurrently.
func DownstreamHeaderString(s *Segment) string { return s.DownstreamHeader().String() }

func checkDelivered(t *testing.T, docs []map[string]interface{}, ids map[string]bool) {
	t.Helper()
	all := flatten(t, docs)
	for id := range ids {
		e, ok := all[id]
		if !ok {
			t.Errorf("entity %s never delivered", id)
			continue
		}
		if e.doc["end_time"] == nil {
			t.Errorf("entity %s (%v) never delivered closed", id, e.doc["name"])
		}
	}
	if len(all) != len(ids) {
		t.Errorf("%d entities delivered, %d begun", len(all), len(ids))
	}
}

func TestSegmentTreeConcurrentSafe(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "root")
	ids := hammerTree(t, ctx, root, 8, 40)
	checkDelivered(t, rec.drain(t), ids)
}

func TestStreamingConcurrentSafe(t *testing.T) {
	rec := &testRecorder{notify: make(chan struct{}, 1)}
	ss, _ := NewDefaultStreamingStrategyWithMaxSubsegmentCount(3)
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: rec, SamplingStrategy: sampleAll{}, StreamingStrategy: ss})
	ctx, root := BeginSegment(ctx, "root")
	ids := hammerTree(t, ctx, root, 6, 30)
	checkDelivered(t, rec.drain(t), ids)
}

func TestUDPEmitterConcurrentSafe(t *testing.T) {
	d := newTestDaemon(t)
	ctx, em := d.Context(t)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				c, seg := BeginSegment(ctx, "root")
				_ = Capture(c, "child", func(context.Context) error { return AddAnnotation(c, "k", i) })
				seg.Close(nil)
			}
		}()
	}
	wg.Wait()
	docs := d.Recv(t, 200)
	for _, doc := range docs {
		if len(subsegmentsOf(t, doc)) != 1 {
			t.Errorf("doc %v", doc)
		}
	}
	if em.DroppedDocuments() != 0 {
		t.Errorf("dropped %d", em.DroppedDocuments())
	}
}

func TestNoGoroutinePerSegment(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	before := runtime.NumGoroutine()
	cancels := make([]context.CancelFunc, 0, 10000)
	segs := make([]*Segment, 0, 10000)
	for i := 0; i < 10000; i++ {
		c, cancel := context.WithCancel(ctx)
		cancels = append(cancels, cancel)
		_, seg := BeginSegment(c, "open")
		if !seg.Sampled {
			t.Fatal("not sampled")
		}
		segs = append(segs, seg)
	}
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("goroutines grew from %d to %d with 10,000 open segments", before, after)
	}
	for i, cancel := range cancels {
		cancel()
		segs[i].Close(nil)
	}
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("goroutines grew from %d to %d", before, after)
	}
	rec.Recv(t, 10000)
}

func TestCancelledContextDoesNotEmitOpenRoot(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	c, cancel := context.WithCancel(ctx)
	c, root := BeginSegment(c, "request")
	_, sub := BeginSubsegment(c, "call")
	cancel()
	sub.Close(nil)
	if rec.Pending() != 0 {
		t.Fatal("open root sent after its context was cancelled")
	}
	root.Close(nil)
	docs := rec.Recv(t, 1)
	if len(subsegmentsOf(t, docs[0])) != 1 || !root.ContextDone {
		t.Errorf("doc %v ContextDone %v", docs[0], root.ContextDone)
	}
}
