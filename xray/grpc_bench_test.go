package xray

import (
	"context"
	"net"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Budget (issue 7): UnaryServerInterceptor, sampled, <= 10 allocs over an
// untraced call. BenchmarkGRPCUnaryServer reports the bare handler
// ("untraced", 0 allocs) and the interceptor on calls sampled with and
// without an incoming trace header and not sampled. "sampled" takes 8:
// grpc's merge of the response header metadata (3, metadata.Join in the
// transport stream's SetHeader), the segment (its context and segment id
// live in it or in shared blocks), the parsed incoming header (2: Header
// and its AdditionalData map), the per-call record and one string for the
// response header and the recorded URL. The incoming metadata is read
// without copies (grpcIncomingValue) and the response header metadata is
// reused (grpcSetTraceHeader).

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

// copiesSetHeaderMetadata declares that SetHeader keeps a copy of the
// metadata only (metadata.Join above), as grpc's transport stream does
// (grpcHeaderCopier), so that the benchmark takes the path grpc's server
// takes.
func (s *benchTransportStream) copiesSetHeaderMetadata() {}

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

// BenchmarkGRPCUnaryRoundTrip measures whole unary calls between a client
// and a server over an in-memory connection (bufconn): server interceptor
// only, so that the difference is the server side's.
func BenchmarkGRPCUnaryRoundTrip(b *testing.B) {
	run := func(b *testing.B, opts ...grpc.ServerOption) {
		lis := bufconn.Listen(1 << 20)
		srv := grpc.NewServer(opts...)
		srv.RegisterService(&echoServiceDesc, echoServer{})
		served := make(chan struct{})
		go func() {
			defer close(served)
			_ = srv.Serve(lis)
		}()
		conn, err := grpc.NewClient("passthrough:///bufnet",
			grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
			grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			b.Fatal(err)
		}
		req, out := wrapperspb.String("ping"), new(wrapperspb.StringValue)
		call := func() {
			if err := conn.Invoke(context.Background(), "/"+echoService+"/Echo", req, out); err != nil {
				b.Fatal(err)
			}
		}
		call()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			call()
		}
		b.StopTimer()
		_ = conn.Close()
		srv.Stop()
		<-served
	}
	b.Run("untraced", func(b *testing.B) { run(b) })
	b.Run("sampled", func(b *testing.B) {
		ctx, _ := newBenchRecorder(b)
		run(b, grpc.UnaryInterceptor(UnaryServerInterceptor(WithRecorder(GetRecorder(ctx)))))
	})
}

// BenchmarkGRPCUnaryClient measures the client interceptor called directly
// with an invoker that does nothing (a fresh root every 1024 calls, like
// BenchmarkCapture).
func BenchmarkGRPCUnaryClient(b *testing.B) {
	base, _ := newBenchRecorder(b)
	ctx, root := BeginSegment(base, "caller")
	icpt := UnaryClientInterceptor()
	invoker := func(context.Context, string, any, any, *grpc.ClientConn, ...grpc.CallOption) error { return nil }
	req, reply := wrapperspb.String("ping"), wrapperspb.String("pong")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%1024 == 1023 {
			b.StopTimer()
			root.Close(nil)
			ctx, root = BeginSegment(base, "caller")
			b.StartTimer()
		}
		if err := icpt(ctx, grpcBenchMethod, req, reply, nil, invoker); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	root.Close(nil)
}
