package xray

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// drain receives until the stream ends and returns how many messages came.
func drain(t *testing.T, cs grpc.ClientStream) int {
	t.Helper()
	n := 0
	for {
		err := cs.RecvMsg(new(wrapperspb.StringValue))
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatalf("RecvMsg: %v", err)
		}
		n++
	}
}

// assertStream checks a stream (sub)segment: name, request, counts, closed.
func assertStream(t *testing.T, doc map[string]interface{}, url string, sent, recv float64) {
	t.Helper()
	if got := str(t, doc, "name"); got != echoService {
		t.Errorf("name = %q, want %q", got, echoService)
	}
	req := obj(t, obj(t, doc, "http"), "request")
	if str(t, req, "url") != url || str(t, req, "method") != "POST" {
		t.Errorf("http.request = %v, want url %s, method POST", req, url)
	}
	if s, r := grpcCounts(t, doc); s != sent || r != recv {
		t.Errorf("messages sent/received = %v/%v, want %v/%v", s, r, sent, recv)
	}
	if _, ok := doc["end_time"]; !ok || flag(doc, "in_progress") {
		t.Errorf("stream entity not closed: %v", doc)
	}
}

func TestGRPCServerStreaming(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	cs, err := f.stream(ctx, listDesc)
	if err != nil {
		t.Fatal(err)
	}
	if err := cs.SendMsg(wrapperspb.String("3")); err != nil {
		t.Fatal(err)
	}
	if err := cs.CloseSend(); err != nil {
		t.Fatal(err)
	}
	hdr, err := cs.Header()
	if err != nil {
		t.Fatal(err)
	}
	if n := drain(t, cs); n != 3 {
		t.Fatalf("received %d messages, want 3", n)
	}
	root.Close(nil)

	url := "grpc://" + f.addr + "/" + echoService + "/List"
	doc := f.clientRec.Recv(t, 1)[0]
	sub := onlySubsegment(t, doc)
	assertStream(t, sub, url, 1, 3)
	if str(t, sub, "namespace") != "remote" || flag(sub, "fault") || flag(sub, "error") {
		t.Errorf("client stream subsegment: %v", sub)
	}
	server := f.serverRec.Recv(t, 1)[0]
	assertStream(t, server, url, 3, 1)
	if str(t, server, "parent_id") != str(t, sub, "id") || str(t, server, "trace_id") != str(t, doc, "trace_id") {
		t.Errorf("server stream segment does not continue the client's trace")
	}
	if got := hdr.Get(TraceIDHeaderKey); len(got) != 1 || got[0] != "Root="+str(t, doc, "trace_id") {
		t.Errorf("stream response header = %q", got)
	}
}

func TestGRPCClientStreaming(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	cs, err := f.stream(ctx, sumDesc)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if err := cs.SendMsg(wrapperspb.String("x")); err != nil {
			t.Fatal(err)
		}
	}
	if err := cs.CloseSend(); err != nil {
		t.Fatal(err)
	}
	out := new(wrapperspb.StringValue)
	if err := cs.RecvMsg(out); err != nil || out.GetValue() != "4" {
		t.Fatalf("CloseAndRecv = %v, %v", out, err)
	}
	// The single response ends a client-streaming call: the subsegment is
	// closed before its root.
	root.RLock()
	open := root.openCount
	root.RUnlock()
	if open != 0 {
		t.Errorf("%d subsegments still open after the response arrived", open)
	}
	root.Close(nil)
	url := "grpc://" + f.addr + "/" + echoService + "/Sum"
	assertStream(t, onlySubsegment(t, f.clientRec.Recv(t, 1)[0]), url, 4, 1)
	assertStream(t, f.serverRec.Recv(t, 1)[0], url, 1, 4)
}

func TestGRPCBidiStreaming(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	cs, err := f.stream(ctx, chatDesc)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if err := cs.SendMsg(wrapperspb.String("m")); err != nil {
			t.Fatal(err)
		}
		if err := cs.RecvMsg(new(wrapperspb.StringValue)); err != nil {
			t.Fatal(err)
		}
	}
	_ = cs.CloseSend()
	if n := drain(t, cs); n != 0 {
		t.Fatalf("extra messages: %d", n)
	}
	root.Close(nil)
	url := "grpc://" + f.addr + "/" + echoService + "/Chat"
	assertStream(t, onlySubsegment(t, f.clientRec.Recv(t, 1)[0]), url, 5, 5)
	assertStream(t, f.serverRec.Recv(t, 1)[0], url, 5, 5)
}

func TestGRPCStreamStatusError(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	cs, err := f.stream(ctx, listDesc)
	if err != nil {
		t.Fatal(err)
	}
	_ = cs.SendMsg(wrapperspb.String("2:code:" + itoa(int(codes.ResourceExhausted))))
	_ = cs.CloseSend()
	n := 0
	for {
		if err = cs.RecvMsg(new(wrapperspb.StringValue)); err != nil {
			break
		}
		n++
	}
	root.Close(nil)
	if n != 2 || status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("got %d messages and %v, want 2 and ResourceExhausted", n, err)
	}
	url := "grpc://" + f.addr + "/" + echoService + "/List"
	sub := onlySubsegment(t, f.clientRec.Recv(t, 1)[0])
	assertStream(t, sub, url, 1, 2)
	if !flag(sub, "throttle") || !flag(sub, "fault") || sub["cause"] == nil {
		t.Errorf("client stream subsegment: %v, want throttle, and fault with the error", sub)
	}
	server := f.serverRec.Recv(t, 1)[0]
	assertStream(t, server, url, 2, 1)
	if !flag(server, "throttle") || flag(server, "fault") || flag(server, "error") {
		t.Errorf("server stream segment flags: %v, want throttle only", server)
	}
}

func TestGRPCStreamDeadline(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	cs, err := f.stream(cctx, listDesc)
	if err != nil {
		t.Fatal(err)
	}
	_ = cs.SendMsg(wrapperspb.String("block"))
	_ = cs.CloseSend()
	err = cs.RecvMsg(new(wrapperspb.StringValue))
	root.Close(nil)
	if status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("RecvMsg = %v, want DeadlineExceeded", err)
	}
	sub := onlySubsegment(t, f.clientRec.Recv(t, 1)[0])
	if !flag(sub, "fault") || flag(sub, "error") {
		t.Errorf("client stream subsegment: %v, want fault", sub)
	}
	server := f.serverRec.Recv(t, 1)[0]
	if flag(server, "fault") == flag(server, "error") {
		t.Errorf("server stream segment: %v, want fault (DeadlineExceeded) or error (Canceled)", server)
	}
}

// A stream abandoned by cancelling its context, without reading it to the
// end, is still closed (with Canceled), on its own after its root was sent.
func TestGRPCStreamCancelWithoutReading(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	cctx, cancel := context.WithCancel(ctx)
	cs, err := f.stream(cctx, listDesc)
	if err != nil {
		t.Fatal(err)
	}
	_ = cs.SendMsg(wrapperspb.String("block"))
	if _, err := cs.Header(); err != nil { // the server has the call
		t.Fatal(err)
	}
	root.Close(nil)
	cancel()
	docs := f.clientRec.Recv(t, 2)
	if sub := onlySubsegment(t, docs[0]); !flag(sub, "in_progress") {
		t.Errorf("stream open when the root closed: %v", sub)
	}
	late := docs[1]
	if str(t, late, "type") != "subsegment" || !flag(late, "error") || !flag(late, "fault") {
		t.Errorf("late stream subsegment: %v, want a subsegment document with error (Canceled) and fault", late)
	}
	if s, r := grpcCounts(t, late); s != 1 || r != 0 {
		t.Errorf("counts %v/%v, want 1/0", s, r)
	}
	server := f.serverRec.Recv(t, 1)[0]
	if !flag(server, "error") {
		t.Errorf("server stream segment: %v, want error (Canceled)", server)
	}
}

func TestGRPCStreamOpenFails(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	streamer := func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		return nil, status.Error(codes.Unavailable, "no backend")
	}
	_, err := StreamClientInterceptor()(ctx, listDesc, nil, "/a.B/List", streamer)
	root.Close(nil)
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("err = %v", err)
	}
	sub := onlySubsegment(t, rec.Recv(t, 1)[0])
	if !flag(sub, "fault") || sub["cause"] == nil {
		t.Errorf("failed open: %v", sub)
	}
	if s, r := grpcCounts(t, sub); s != 0 || r != 0 {
		t.Errorf("counts %v/%v", s, r)
	}
}

// fakeClientStream is a ClientStream whose results the test sets.
type fakeClientStream struct {
	grpc.ClientStream
	ctx       context.Context
	sendErr   error
	headerErr error
}

func (s *fakeClientStream) Context() context.Context     { return s.ctx }
func (s *fakeClientStream) SendMsg(any) error            { return s.sendErr }
func (s *fakeClientStream) Header() (metadata.MD, error) { return nil, s.headerErr }
func (s *fakeClientStream) RecvMsg(any) error            { return io.EOF }
func (s *fakeClientStream) CloseSend() error             { return nil }
func (s *fakeClientStream) Trailer() metadata.MD         { return nil }

func TestGRPCStreamSendAndHeaderErrors(t *testing.T) {
	for _, tc := range []struct {
		name      string
		sendErr   error
		headerErr error
		closed    bool
	}{
		{"send io.EOF waits for RecvMsg", io.EOF, nil, false},
		{"send error ends", status.Error(codes.Internal, "broken"), nil, true},
		{"header error ends", nil, status.Error(codes.Unavailable, "gone"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, rec := newTestRecorder(t)
			ctx, root := BeginSegment(ctx, "caller")
			fake := &fakeClientStream{sendErr: tc.sendErr, headerErr: tc.headerErr}
			streamer := func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
				fake.ctx = ctx
				return fake, nil
			}
			cs, err := StreamClientInterceptor()(ctx, chatDesc, nil, "/a.B/Chat", streamer)
			if err != nil {
				t.Fatal(err)
			}
			_ = cs.SendMsg(wrapperspb.String("x"))
			_, _ = cs.Header()
			root.RLock()
			open := root.openCount
			root.RUnlock()
			if closed := open == 0; closed != tc.closed {
				t.Errorf("closed = %v, want %v", closed, tc.closed)
			}
			_ = cs.RecvMsg(new(wrapperspb.StringValue)) // io.EOF: ends with OK if still open
			root.Close(nil)
			sub := onlySubsegment(t, rec.Recv(t, 1)[0])
			if tc.closed != flag(sub, "fault") {
				t.Errorf("fault = %v, want %v", flag(sub, "fault"), tc.closed)
			}
		})
	}
}

func TestGRPCStreamServerPanic(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	icpt := StreamServerInterceptor(WithRecorder(GetRecorder(ctx)))
	ss := &fakeServerStream{ctx: context.Background()}
	func() {
		defer func() {
			if p := recover(); p != "stream exploded" {
				t.Errorf("recovered %v", p)
			}
		}()
		_ = icpt(nil, ss, &grpc.StreamServerInfo{FullMethod: "/a.B/C"}, func(srv any, s grpc.ServerStream) error {
			_ = s.SendMsg(nil)
			panic("stream exploded")
		})
	}()
	doc := rec.Recv(t, 1)[0]
	if !flag(doc, "fault") || doc["cause"] == nil {
		t.Errorf("panicking stream handler: %v", doc)
	}
	if s, r := grpcCounts(t, doc); s != 1 || r != 0 {
		t.Errorf("counts %v/%v, want 1/0", s, r)
	}
}

type fakeServerStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *fakeServerStream) Context() context.Context    { return s.ctx }
func (s *fakeServerStream) SetHeader(metadata.MD) error { return errors.New("no transport") }
func (s *fakeServerStream) SendMsg(any) error           { return nil }
