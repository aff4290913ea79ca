package xray

import (
	"context"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// Budgets (issue 3), checked by these benchmarks:
//
//	BenchmarkBeginSegmentClose/unsampled   <= 2 allocs, <= 250 ns
//	BenchmarkBeginSegmentClose/sampled_udp <= 6 allocs, <= 1.5*(floorEncode+floorUDP)+500 ns
//	BenchmarkBeginSubsegmentClose          <= 3 allocs
//	BenchmarkAddAnnotation/*               0 allocs
//	BenchmarkCapture                       <= 4 allocs

// benchListener is a UDP socket nobody reads: writes to it cost what a
// write to a live daemon costs.
func benchListener(b *testing.B) *net.UDPConn {
	b.Helper()
	// Keep the emitter's INFO dial line out of the benchmark output.
	prev := logger.Logger()
	SetLogger(xraylog.NullLogger)
	b.Cleanup(func() { SetLogger(prev) })
	l, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = l.Close() })
	return l
}

func benchContext(b *testing.B, em Emitter, s sampling.Strategy) context.Context {
	b.Helper()
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: em, SamplingStrategy: s})
	if err != nil {
		b.Fatal(err)
	}
	return ctx
}

// floorDocument hand-appends a document equivalent to what a sampled
// BeginSegment+Close sends, into a reused buffer.
func floorDocument(buf []byte, now time.Time) []byte {
	buf = append(buf[:0], Header...)
	buf = append(buf, `{"trace_id":"1-6b0de69d-f7c0da48a0e6d4982105f532","id":"d5b141e9b98ac518","name":"benchmark","start_time":`...)
	buf = strconv.AppendFloat(buf, float64(now.UnixNano())/1e9, 'f', -1, 64)
	buf = append(buf, `,"end_time":`...)
	buf = strconv.AppendFloat(buf, float64(now.UnixNano()+1000)/1e9, 'f', -1, 64)
	buf = append(buf, `,"aws":{"xray":{"sdk_version":"1.8.5","sdk":"X-Ray for Go"}},"service":{"runtime_version":"`...)
	buf = append(buf, goRuntimeVersion...)
	buf = append(buf, `","runtime":"gc"}}`...)
	return buf
}

func BenchmarkFloorEncode(b *testing.B) {
	buf := make([]byte, 0, 512)
	now := time.Now()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = floorDocument(buf, now)
	}
}

func BenchmarkFloorUDP(b *testing.B) {
	l := benchListener(b)
	conn, err := net.DialUDP("udp", nil, l.LocalAddr().(*net.UDPAddr))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	doc := floorDocument(nil, time.Now())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := conn.Write(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBeginSegmentClose(b *testing.B) {
	b.Run("unsampled", func(b *testing.B) {
		ctx := benchContext(b, &DefaultEmitter{}, sampleNone{})
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_, seg := BeginSegment(ctx, "benchmark")
			seg.Close(nil)
		}
	})
	b.Run("sampled_udp", func(b *testing.B) {
		l := benchListener(b)
		em, _ := NewDefaultEmitter(l.LocalAddr().(*net.UDPAddr))
		defer em.close()
		ctx := benchContext(b, em, sampleAll{})
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_, seg := BeginSegment(ctx, "benchmark")
			seg.Close(nil)
		}
		b.StopTimer()
		if n := em.DroppedDocuments(); n != 0 {
			b.Fatalf("%d documents dropped", n)
		}
	})
}

func BenchmarkBeginSubsegmentClose(b *testing.B) {
	ctx, _ := newBenchRecorder(b)
	root, seg := BeginSegment(ctx, "benchmark")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%1024 == 1023 {
			b.StopTimer()
			seg.Close(nil)
			root, seg = BeginSegment(ctx, "benchmark")
			b.StartTimer()
		}
		_, sub := BeginSubsegment(root, "sub")
		sub.Close(nil)
	}
	b.StopTimer()
	seg.Close(nil)
}

func BenchmarkAddAnnotation(b *testing.B) {
	ctx, _ := newBenchRecorder(b)
	_, seg := BeginSegment(ctx, "benchmark")
	defer seg.Close(nil)
	_ = seg.AddAnnotation("warm", "up")
	for _, c := range []struct {
		name  string
		value interface{}
	}{{"string", "value"}, {"int", 42}, {"float", 4.2}, {"bool", true}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := seg.AddAnnotation("key", c.value); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCapture(b *testing.B) {
	ctx, _ := newBenchRecorder(b)
	root, seg := BeginSegment(ctx, "benchmark")
	fn := func(context.Context) error { return nil }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%1024 == 1023 {
			b.StopTimer()
			seg.Close(nil)
			root, seg = BeginSegment(ctx, "benchmark")
			b.StartTimer()
		}
		_ = Capture(root, "capture", fn)
	}
	b.StopTimer()
	seg.Close(nil)
}

// BenchmarkEmitTree measures packing and sending a segment with 100
// finished subsegments (streamed in pieces, threshold 20).
func BenchmarkEmitTree(b *testing.B) {
	l := benchListener(b)
	em, _ := NewDefaultEmitter(l.LocalAddr().(*net.UDPAddr))
	defer em.close()
	ctx := benchContext(b, em, sampleAll{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		root, seg := BeginSegment(ctx, "benchmark")
		for j := 0; j < 100; j++ {
			_, sub := BeginSubsegment(root, "sub")
			_ = sub.AddAnnotation("n", j)
			sub.Close(nil)
		}
		seg.Close(nil)
	}
}

// discardEmitter packs like the DefaultEmitter and throws the result away.
type discardEmitter struct{}

func (discardEmitter) Emit(seg *Segment) {
	p := getPacker()
	p.pack(seg)
	putPacker(p)
}

func (discardEmitter) RefreshEmitterWithAddress(*net.UDPAddr) {}

func newBenchRecorder(b *testing.B) (context.Context, error) {
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: discardEmitter{}, SamplingStrategy: sampleAll{}})
	if err != nil {
		b.Fatal(err)
	}
	return ctx, errors.Unwrap(err)
}

// BenchmarkFloorUnsampledWork is a reference for the unsampled budget: the
// work a straightforward BeginSegment+Close does (allocating a Segment and
// a context, two time.Now calls, four environment reads), timed under the
// machine's current load. BeginSegment now allocates the context inside
// the Segment and reads the clock more cheaply (nowUnixNano).
func BenchmarkFloorUnsampledWork(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = getenv(envSDKDisabled)
		_ = getenv(envTracingName)
		_ = getenv(envNoopID)
		s := &Segment{}
		s.ParentSegment = s
		s.StartTime = epochSeconds(time.Now())
		c := context.WithValue(ctx, ContextKey, s)
		_ = getenv(envSDKDisabled)
		s.Lock()
		s.EndTime = epochSeconds(time.Now())
		s.Unlock()
		_ = c
	}
}

// segmentSink keeps BenchmarkFloorSegmentAlloc's allocations on the heap.
var segmentSink *Segment

// BenchmarkFloorSegmentAlloc is the allocation every BeginSegment makes
// whatever its implementation: the API returns a fresh *Segment, whose
// exported fields alone take 337 bytes. On a machine where this floor
// exceeds the unsampled budget, the budget cannot hold.
func BenchmarkFloorSegmentAlloc(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		segmentSink = new(Segment)
	}
}

// BenchmarkSampledBudget interleaves rounds of the two floors with rounds of
// sampled BeginSegment+Close sent to a listener, so that load changes hit
// all three alike, and reports the budget ratio
// measured / (1.5*(floorEncode+floorUDP) + 500ns); at most 1 is within
// budget.
func BenchmarkSampledBudget(b *testing.B) {
	l := benchListener(b)
	conn, err := net.DialUDP("udp", nil, l.LocalAddr().(*net.UDPAddr))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	em, _ := NewDefaultEmitter(l.LocalAddr().(*net.UDPAddr))
	defer em.close()
	ctx := benchContext(b, em, sampleAll{})
	buf := make([]byte, 0, 512)
	now := time.Now()

	const round = 200
	var encode, udp, sampled time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; done += round {
		t0 := time.Now()
		for i := 0; i < round; i++ {
			buf = floorDocument(buf, now)
		}
		t1 := time.Now()
		for i := 0; i < round; i++ {
			_, _ = conn.Write(buf)
		}
		t2 := time.Now()
		for i := 0; i < round; i++ {
			_, seg := BeginSegment(ctx, "benchmark")
			seg.Close(nil)
		}
		t3 := time.Now()
		encode += t1.Sub(t0)
		udp += t2.Sub(t1)
		sampled += t3.Sub(t2)
	}
	rounds := float64((b.N + round - 1) / round * round)
	fe, fu, s := float64(encode)/rounds, float64(udp)/rounds, float64(sampled)/rounds
	b.ReportMetric(fe, "floorEncode-ns")
	b.ReportMetric(fu, "floorUDP-ns")
	b.ReportMetric(s, "sampled-ns")
	b.ReportMetric(s/(1.5*(fe+fu)+500), "budget-ratio")
}
