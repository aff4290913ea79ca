package xray

import (
	"context"
	"net"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Allocation budgets (issues 3 and 7) as tests, so that a change that
// breaks one fails here and not only in a benchmark someone has to read.
// Counts differ under the race detector, which skips them.

func allocContext(t *testing.T, em Emitter, s sampling.Strategy) context.Context {
	t.Helper()
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: em, SamplingStrategy: s})
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

func checkAllocs(t *testing.T, what string, max float64, fn func()) {
	t.Helper()
	fn() // warm pools and caches
	if n := testing.AllocsPerRun(200, fn); n > max {
		t.Errorf("%s: %v allocations, budget %v", what, n, max)
	}
}

func TestAllocationBudgets(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	sampled := allocContext(t, discardEmitter{}, sampleAll{})
	unsampled := allocContext(t, discardEmitter{}, sampleNone{})

	checkAllocs(t, "unsampled BeginSegment+Close", 2, func() {
		_, seg := BeginSegment(unsampled, "budget")
		seg.Close(nil)
	})
	l, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	em, _ := NewDefaultEmitter(l.LocalAddr().(*net.UDPAddr))
	defer em.close()
	udp := allocContext(t, em, sampleAll{})
	checkAllocs(t, "sampled BeginSegment+Close sent over UDP", 6, func() {
		_, seg := BeginSegment(udp, "budget")
		seg.Close(nil)
	})
	rootCtx, root := BeginSegment(sampled, "root")
	checkAllocs(t, "BeginSubsegment+Close", 3, func() {
		_, sub := BeginSubsegment(rootCtx, "sub")
		sub.Close(nil)
	})
	root.Close(nil)

	const incoming = "Root=1-65a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
	reply := wrapperspb.String("pong")
	handler := func(ctx context.Context, req any) (any, error) { return reply, nil }
	icpt := UnaryServerInterceptor()
	info := &grpc.UnaryServerInfo{FullMethod: grpcBenchMethod}
	gctx, st := grpcBenchContext(sampled, incoming)
	req := wrapperspb.String("ping")
	checkAllocs(t, "gRPC unary server, sampled", 10, func() {
		st.header = nil
		_, _ = icpt(gctx, req, info, handler)
	})

	fh := NewFastHTTPInstrumentor(GetRecorder(sampled)).Handler(NewFixedSegmentNamer("api"), benchFastHTTPHandler)
	fctx := benchFastHTTPRequest(incoming)
	checkAllocs(t, "fasthttp handler, sampled", 8, func() {
		fctx.Response.Reset()
		fh(fctx)
	})
}
