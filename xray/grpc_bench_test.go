package xray

import (
	"context"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Budget (issue 7): UnaryServerInterceptor, sampled, <= 10 allocs over the
// untraced call (the same handler called without the interceptor).

// benchTransportStream stands in for grpc's server transport stream in the
// handler's context; SetHeader merges like grpc's does.
type benchTransportStream struct{ header metadata.MD }

func (s *benchTransportStream) Method() string { return grpcBenchMethod }
func (s *benchTransportStream) SetHeader(md metadata.MD) error {
	s.header = metadata.Join(s.header, md)
	return nil
}
func (s *benchTransportStream) SendHeader(md metadata.MD) error { return s.SetHeader(md) }
func (s *benchTransportStream) SetTrailer(metadata.MD) error    { return nil }

const grpcBenchMethod = "/bench.v1.Bench/Echo"

// grpcBenchContext is the context grpc hands a unary handler: incoming
// metadata as the HTTP/2 transport builds it and the transport stream.
func grpcBenchContext(ctx context.Context, traceHeader string) (context.Context, *benchTransportStream) {
	md := metadata.MD{
		":authority":   {"127.0.0.1:50051"},
		"content-type": {"application/grpc"},
		"user-agent":   {"grpc-go/1.85.0"},
		"te":           {"trailers"},
	}
	if traceHeader != "" {
		md[TraceIDHeaderKey] = []string{traceHeader}
	}
	st := &benchTransportStream{}
	ctx = grpc.NewContextWithServerTransportStream(metadata.NewIncomingContext(ctx, md), st)
	return ctx, st
}

func BenchmarkGRPCUnaryServer(b *testing.B) {
	reply := wrapperspb.String("pong")
	handler := func(ctx context.Context, req any) (any, error) { return reply, nil }
	info := &grpc.UnaryServerInfo{FullMethod: grpcBenchMethod}
	req := wrapperspb.String("ping")
	run := func(b *testing.B, ctx context.Context, st *benchTransportStream, call grpc.UnaryHandler) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			st.header = nil
			if _, err := call(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	}
	const incoming = "Root=1-65a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
	b.Run("untraced", func(b *testing.B) {
		ctx, st := grpcBenchContext(context.Background(), incoming)
		run(b, ctx, st, handler)
	})
	icpt := UnaryServerInterceptor()
	intercepted := func(ctx context.Context, req any) (any, error) { return icpt(ctx, req, info, handler) }
	b.Run("sampled", func(b *testing.B) {
		base, _ := newBenchRecorder(b)
		ctx, st := grpcBenchContext(base, incoming)
		run(b, ctx, st, intercepted)
	})
	b.Run("sampled_no_header", func(b *testing.B) {
		base, _ := newBenchRecorder(b)
		ctx, st := grpcBenchContext(base, "")
		run(b, ctx, st, intercepted)
	})
	b.Run("unsampled", func(b *testing.B) {
		base := benchContext(b, discardEmitter{}, sampleNone{})
		ctx, st := grpcBenchContext(base, "")
		run(b, ctx, st, intercepted)
	})
}
