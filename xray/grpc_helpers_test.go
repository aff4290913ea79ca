package xray

import (
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// A hand-registered test service (no protoc): xraytest.v1.Echo with one
// method of each kind, exchanging wrapperspb.StringValue messages.
//
//	Echo (unary)        "ok" → "ok"; "code:<n>" → status code n;
//	                    "plain" → a non-status error; "block" → waits for
//	                    the context and returns its status.
//	List (server)       "<n>" → n messages "0".."n-1"; "<n>:code:<c>" →
//	                    n messages then status c; "block" → sends the header, waits.
//	Sum (client)        counts the messages received, answers the count.
//	Chat (bidi)         echoes every message until the client is done.
const echoService = "xraytest.v1.Echo"

type echoServer struct{}

func (echoServer) echo(ctx context.Context, in string) (*wrapperspb.StringValue, error) {
	switch {
	case in == "plain":
		return nil, errors.New("plain failure")
	case in == "block":
		<-ctx.Done()
		return nil, status.FromContextError(ctx.Err()).Err()
	case strings.HasPrefix(in, "code:"):
		n, _ := strconv.Atoi(strings.TrimPrefix(in, "code:"))
		return nil, status.Error(codes.Code(n), "requested code "+in)
	}
	return wrapperspb.String(in), nil
}

func (s echoServer) list(in string, ss grpc.ServerStream) error {
	if in == "block" {
		_ = ss.SendHeader(nil) // lets the client see the call arrived
		<-ss.Context().Done()
		return status.FromContextError(ss.Context().Err()).Err()
	}
	count, rest, _ := strings.Cut(in, ":")
	n, _ := strconv.Atoi(count)
	for i := 0; i < n; i++ {
		if err := ss.SendMsg(wrapperspb.String(strconv.Itoa(i))); err != nil {
			return err
		}
	}
	if c, ok := strings.CutPrefix(rest, "code:"); ok {
		code, _ := strconv.Atoi(c)
		return status.Error(codes.Code(code), "requested code "+c)
	}
	return nil
}

func (echoServer) sum(ss grpc.ServerStream) error {
	n := 0
	for {
		m := new(wrapperspb.StringValue)
		err := ss.RecvMsg(m)
		if errors.Is(err, io.EOF) {
			return ss.SendMsg(wrapperspb.String(strconv.Itoa(n)))
		}
		if err != nil {
			return err
		}
		n++
	}
}

func (echoServer) chat(ss grpc.ServerStream) error {
	for {
		m := new(wrapperspb.StringValue)
		err := ss.RecvMsg(m)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := ss.SendMsg(m); err != nil {
			return err
		}
	}
}

var echoServiceDesc = grpc.ServiceDesc{
	ServiceName: echoService,
	HandlerType: (*interface{})(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Echo",
		Handler: func(srv any, ctx context.Context, dec func(any) error, icpt grpc.UnaryServerInterceptor) (any, error) {
			in := new(wrapperspb.StringValue)
			if err := dec(in); err != nil {
				return nil, err
			}
			h := func(ctx context.Context, req any) (any, error) {
				return srv.(echoServer).echo(ctx, req.(*wrapperspb.StringValue).GetValue())
			}
			if icpt == nil {
				return h(ctx, in)
			}
			return icpt(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: "/" + echoService + "/Echo"}, h)
		},
	}},
	Streams: []grpc.StreamDesc{
		{StreamName: "List", ServerStreams: true, Handler: func(srv any, ss grpc.ServerStream) error {
			in := new(wrapperspb.StringValue)
			if err := ss.RecvMsg(in); err != nil {
				return err
			}
			return srv.(echoServer).list(in.GetValue(), ss)
		}},
		{StreamName: "Sum", ClientStreams: true, Handler: func(srv any, ss grpc.ServerStream) error {
			return srv.(echoServer).sum(ss)
		}},
		{StreamName: "Chat", ServerStreams: true, ClientStreams: true, Handler: func(srv any, ss grpc.ServerStream) error {
			return srv.(echoServer).chat(ss)
		}},
	},
}

var (
	listDesc = &grpc.StreamDesc{StreamName: "List", ServerStreams: true}
	sumDesc  = &grpc.StreamDesc{StreamName: "Sum", ClientStreams: true}
	chatDesc = &grpc.StreamDesc{StreamName: "Chat", ServerStreams: true, ClientStreams: true}
)

// grpcFixture is a real gRPC server and client connected over TCP on
// 127.0.0.1, each with its own in-memory recorder.
type grpcFixture struct {
	addr      string
	conn      *grpc.ClientConn
	clientCtx context.Context // sampled, records into clientRec
	clientRec *testRecorder
	serverRec *testRecorder
	// started receives the full method of every call the server's handler
	// is about to run (after the X-Ray interceptors).
	started chan string
}

type grpcFixtureOptions struct {
	server       []GrpcOption // appended after WithRecorder(server recorder)
	client       []GrpcOption
	noServerXRay bool // no server interceptors
	noClientXRay bool // no client interceptors
	serverConfig *Config
}

func newGRPCFixture(t *testing.T, fo grpcFixtureOptions) *grpcFixture {
	t.Helper()
	f := &grpcFixture{started: make(chan string, 64)}
	var serverCtx context.Context
	serverCtx, f.serverRec = newTestRecorder(t)
	f.clientCtx, f.clientRec = newTestRecorder(t)

	cfg := GetRecorder(serverCtx)
	if fo.serverConfig != nil {
		cfg = fo.serverConfig
	}
	sopts := append([]GrpcOption{WithRecorder(cfg)}, fo.server...)
	var srvOpts []grpc.ServerOption
	if !fo.noServerXRay {
		srvOpts = append(srvOpts,
			grpc.ChainUnaryInterceptor(UnaryServerInterceptor(sopts...)),
			grpc.ChainStreamInterceptor(StreamServerInterceptor(sopts...)))
	}
	srvOpts = append(srvOpts,
		grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			f.note(info.FullMethod)
			return h(ctx, req)
		}),
		grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			f.note(info.FullMethod)
			return h(srv, ss)
		}))
	srv := grpc.NewServer(srvOpts...)
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
	f.addr = lis.Addr().String()

	dial := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	if !fo.noClientXRay {
		dial = append(dial,
			grpc.WithChainUnaryInterceptor(UnaryClientInterceptor(fo.client...)),
			grpc.WithChainStreamInterceptor(StreamClientInterceptor(fo.client...)))
	}
	f.conn, err = grpc.NewClient(f.addr, dial...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = f.conn.Close()
		srv.Stop()
		<-served
	})
	return f
}

func (f *grpcFixture) note(method string) {
	select {
	case f.started <- method:
	default:
	}
}

// waitStarted waits until the server runs a handler.
func (f *grpcFixture) waitStarted(t *testing.T) {
	t.Helper()
	select {
	case <-f.started:
	case <-time.After(recvTimeout):
		t.Fatal("the server did not get the call within 5 s")
	}
}

// echo makes a unary Echo call.
func (f *grpcFixture) echo(ctx context.Context, in string, opts ...grpc.CallOption) (*wrapperspb.StringValue, error) {
	out := new(wrapperspb.StringValue)
	err := f.conn.Invoke(ctx, "/"+echoService+"/Echo", wrapperspb.String(in), out, opts...)
	return out, err
}

// stream opens a stream on method (List, Sum or Chat).
func (f *grpcFixture) stream(ctx context.Context, desc *grpc.StreamDesc, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return f.conn.NewStream(ctx, desc, "/"+echoService+"/"+desc.StreamName, opts...)
}

// num reads a JSON number.
func num(t *testing.T, m map[string]interface{}, key string) float64 {
	t.Helper()
	v, ok := m[key].(float64)
	if !ok {
		t.Fatalf("%q is %T (%v), want a number in %v", key, m[key], m[key], m)
	}
	return v
}

// flag reads an optional boolean flag (absent is false).
func flag(m map[string]interface{}, key string) bool {
	v, _ := m[key].(bool)
	return v
}

// onlySubsegment returns the single subsegment embedded in doc.
func onlySubsegment(t *testing.T, doc map[string]interface{}) map[string]interface{} {
	t.Helper()
	subs := subsegmentsOf(t, doc)
	if len(subs) != 1 {
		t.Fatalf("got %d subsegments, want 1: %v", len(subs), doc)
	}
	return subs[0]
}

// grpcCounts returns the message counts recorded in a stream's metadata.
func grpcCounts(t *testing.T, doc map[string]interface{}) (sent, recv float64) {
	t.Helper()
	g := obj(t, obj(t, doc, "metadata"), "grpc")
	return num(t, g, "messages_sent"), num(t, g, "messages_received")
}
