package xray

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// grpc's own server transport stream is recognised as one that copies the
// metadata SetHeader is given, so the interceptor's metadata is reused.
func TestGRPCTransportStreamCopiesHeader(t *testing.T) {
	recognised := make(chan bool, 1)
	srv := grpc.NewServer(grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		recognised <- grpcStreamCopiesHeader(grpc.ServerTransportStreamFromContext(ctx))
		return h(ctx, req)
	}))
	srv.RegisterService(&echoServiceDesc, echoServer{})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(lis)
	}()
	defer func() {
		srv.Stop()
		<-served
	}()
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Invoke(context.Background(), "/"+echoService+"/Echo", wrapperspb.String("ok"), new(wrapperspb.StringValue)); err != nil {
		t.Fatal(err)
	}
	if !<-recognised {
		t.Error("grpc's server transport stream is not recognised as copying SetHeader's metadata")
	}
	if grpcStreamCopiesHeader(&plainTransportStream{}) {
		t.Error("an unknown stream is taken for one that copies")
	}
}

// A stream not known to copy keeps metadata of its own.
func TestGRPCSetTraceHeaderUnknownStream(t *testing.T) {
	st := &plainTransportStream{}
	ctx := grpc.NewContextWithServerTransportStream(context.Background(), st)
	grpcSetTraceHeader(ctx, "Root=1-65a1b2c3-0123456789abcdef01234567")
	kept := st.header
	grpcSetTraceHeader(grpc.NewContextWithServerTransportStream(context.Background(), &plainTransportStream{}), "Root=other")
	if got := kept.Get(TraceIDHeaderKey); len(got) != 1 || got[0] != "Root=1-65a1b2c3-0123456789abcdef01234567" {
		t.Errorf("kept header %v", kept)
	}
}

// plainTransportStream is a grpc.ServerTransportStream that keeps what
// SetHeader gives it, and says nothing about it.
type plainTransportStream struct{ header metadata.MD }

func (s *plainTransportStream) Method() string                  { return grpcBenchMethod }
func (s *plainTransportStream) SetHeader(md metadata.MD) error  { s.header = md; return nil }
func (s *plainTransportStream) SendHeader(md metadata.MD) error { return s.SetHeader(md) }
func (s *plainTransportStream) SetTrailer(metadata.MD) error    { return nil }

// Concurrent calls each get their own trace header back, although the
// metadata handed to SetHeader is reused.
func TestGRPCServerTraceHeaderConcurrentSafe(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{noClientXRay: true})
	const calls = 64
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for i := 0; i < calls; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			trace := fmt.Sprintf("1-65a1b2c3-0123456789abcdef%08x", i)
			md := metadata.Pairs(TraceIDHeaderKey, "Root="+trace+";Parent=53995c3f42cd8ad8;Sampled=0")
			var hdr metadata.MD
			if _, err := f.echo(metadata.NewOutgoingContext(context.Background(), md), "ok", grpc.Header(&hdr)); err != nil {
				errs <- err
				return
			}
			if got := hdr.Get(TraceIDHeaderKey); len(got) != 1 || got[0] != "Root="+trace {
				errs <- fmt.Errorf("call %d: response x-amzn-trace-id = %q, want Root=%s", i, got, trace)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
