//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; these tests exercise its instrumentation.

package xray

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/dynamodb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/awsfake"
)

// seenHeaders is what a test server saw of a request's trace headers.
type seenHeaders struct {
	trace       []string // X-Amzn-Trace-Id values
	traceparent []string // traceparent values
}

// headerServer starts a loopback HTTP server that reports the trace
// headers of every request and answers 200 (or, with a non-empty target,
// forwards the request there).
func headerServer(t *testing.T, target string) (*httptest.Server, <-chan seenHeaders) {
	t.Helper()
	seen := make(chan seenHeaders, 16)
	var next http.Handler = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	if target != "" {
		u, err := url.Parse(target)
		if err != nil {
			t.Fatal(err)
		}
		proxy := httputil.NewSingleHostReverseProxy(u)
		transport := &http.Transport{}
		t.Cleanup(transport.CloseIdleConnections)
		proxy.Transport = transport
		next = proxy
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- seenHeaders{trace: r.Header.Values("X-Amzn-Trace-Id"), traceparent: r.Header.Values("traceparent")}
		next.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, seen
}

func recvHeaders(t *testing.T, seen <-chan seenHeaders) seenHeaders {
	t.Helper()
	select {
	case h := <-seen:
		return h
	case <-time.After(recvTimeout):
		t.Fatal("the server saw no request")
	}
	return seenHeaders{}
}

// checkW3COutbound checks that a server saw exactly one X-Amzn-Trace-Id
// and one traceparent, both naming trace traceID, entity id parent and
// the sampled decision.
func checkW3COutbound(t *testing.T, h seenHeaders, traceID, parent string, sampled bool) {
	t.Helper()
	decision, flags := "1", "01"
	if !sampled {
		decision, flags = "0", "00"
	}
	want := "Root=" + traceID + ";Parent=" + parent + ";Sampled=" + decision
	if len(h.trace) != 1 || h.trace[0] != want {
		t.Errorf("X-Amzn-Trace-Id %q, want %q", h.trace, want)
	}
	if tp := wantTraceparent(traceID, parent, flags); len(h.traceparent) != 1 || h.traceparent[0] != tp {
		t.Errorf("traceparent %q, want %q", h.traceparent, tp)
	}
}

func TestW3COutboundHTTPClient(t *testing.T) {
	srv, seen := headerServer(t, "")
	get := func(t *testing.T, ctx context.Context) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/downstream", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := Client(srv.Client()).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if req.Header.Get("traceparent") != "" {
			t.Error("the caller's request was modified")
		}
	}

	t.Run("sampled", func(t *testing.T) {
		enableW3C(t)
		ctx, rec := newTestRecorder(t)
		ctx, root := BeginSegment(ctx, "caller")
		get(t, ctx)
		root.Close(nil)
		doc := rec.Recv(t, 1)[0]
		sub := onlySubsegment(t, doc)
		checkW3COutbound(t, recvHeaders(t, seen), str(t, doc, "trace_id"), str(t, sub, "id"), true)
	})
	t.Run("continued from a traceparent", func(t *testing.T) {
		enableW3C(t)
		ctx, rec := newTestRecorder(t)
		ctx, root := NewSegmentFromHeader(ctx, "caller", nil, traceparentHeader(w3cTraceparent))
		get(t, ctx)
		root.Close(nil)
		doc := rec.Recv(t, 1)[0]
		if doc["trace_id"] != w3cTraceID || doc["parent_id"] != w3cParentID {
			t.Errorf("root %v", doc)
		}
		checkW3COutbound(t, recvHeaders(t, seen), w3cTraceID, str(t, onlySubsegment(t, doc), "id"), true)
	})
	t.Run("unsampled continued trace", func(t *testing.T) {
		enableW3C(t)
		ctx, root := NewSegmentFromHeader(unsampledContext(t), "caller", nil, traceparentHeader(w3cNotSampled))
		get(t, ctx)
		root.Close(nil)
		// The subsegment has X-Ray's all-zero id; the traceparent names
		// the caller that decided not to sample.
		h := recvHeaders(t, seen)
		if want := "Root=" + w3cTraceID + ";Parent=" + noopID + ";Sampled=0"; len(h.trace) != 1 || h.trace[0] != want {
			t.Errorf("X-Amzn-Trace-Id %q, want %q", h.trace, want)
		}
		if len(h.traceparent) != 1 || h.traceparent[0] != w3cNotSampled {
			t.Errorf("traceparent %q, want %q", h.traceparent, w3cNotSampled)
		}
	})
	t.Run("unsampled with real ids", func(t *testing.T) {
		enableW3C(t)
		t.Setenv(envNoopID, "false")
		ctx, root := BeginSegment(unsampledContext(t), "caller")
		var subID string
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		rt := RoundTripper(recordingTransport{base: srv.Client().Transport, seg: &subID})
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		root.Close(nil)
		checkW3COutbound(t, recvHeaders(t, seen), root.TraceID, subID, false)
	})
	t.Run("unsampled trace begun here", func(t *testing.T) {
		enableW3C(t)
		ctx, root := BeginSegment(unsampledContext(t), "caller")
		get(t, ctx)
		root.Close(nil)
		if h := recvHeaders(t, seen); len(h.trace) != 1 || len(h.traceparent) != 0 {
			t.Errorf("headers %+v, want X-Amzn-Trace-Id only", h)
		}
	})
	t.Run("off", func(t *testing.T) {
		disableW3C(t)
		ctx, rec := newTestRecorder(t)
		ctx, root := BeginSegment(ctx, "caller")
		get(t, ctx)
		root.Close(nil)
		rec.Recv(t, 1)
		if h := recvHeaders(t, seen); len(h.trace) != 1 || len(h.traceparent) != 0 {
			t.Errorf("headers %+v, want X-Amzn-Trace-Id only", h)
		}
	})
}

// recordingTransport notes the id of the subsegment the request is sent
// for (the entity in its context) and sends it with base.
type recordingTransport struct {
	base http.RoundTripper
	seg  *string
}

func (rt recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if s := GetSegment(r.Context()); s != nil {
		*rt.seg = s.ID
	}
	return rt.base.RoundTrip(r)
}

// grpcHeaderServer is a plain gRPC server (no X-Ray) serving the echo
// service and reporting the trace metadata of every call.
func grpcHeaderServer(t *testing.T) (*grpc.ClientConn, <-chan seenHeaders) {
	t.Helper()
	seen := make(chan seenHeaders, 16)
	note := func(ctx context.Context) {
		md, _ := metadata.FromIncomingContext(ctx)
		seen <- seenHeaders{trace: md.Get(TraceIDHeaderKey), traceparent: md.Get("traceparent")}
	}
	srv := grpc.NewServer(
		grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			note(ctx)
			return h(ctx, req)
		}),
		grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			note(ss.Context())
			return h(srv, ss)
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
	conn, err := grpc.NewClient(lis.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(UnaryClientInterceptor()),
		grpc.WithChainStreamInterceptor(StreamClientInterceptor()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = conn.Close()
		srv.Stop()
		<-served
	})
	return conn, seen
}

func TestW3COutboundGRPC(t *testing.T) {
	conn, seen := grpcHeaderServer(t)
	unary := func(ctx context.Context) error {
		return conn.Invoke(ctx, "/"+echoService+"/Echo", wrapperspb.String("ok"), new(wrapperspb.StringValue))
	}
	stream := func(ctx context.Context) error {
		cs, err := conn.NewStream(ctx, listDesc, "/"+echoService+"/List")
		if err != nil {
			return err
		}
		if err := cs.SendMsg(wrapperspb.String("2")); err != nil {
			return err
		}
		if err := cs.CloseSend(); err != nil {
			return err
		}
		for {
			if err := cs.RecvMsg(new(wrapperspb.StringValue)); errors.Is(err, io.EOF) {
				return nil
			} else if err != nil {
				return err
			}
		}
	}
	for name, call := range map[string]func(context.Context) error{"unary": unary, "stream": stream} {
		t.Run(name, func(t *testing.T) {
			enableW3C(t)
			ctx, rec := newTestRecorder(t)
			ctx, root := NewSegmentFromHeader(ctx, "caller", nil, header.FromString("Root="+w3cTraceID+";Sampled=1"))
			if err := call(ctx); err != nil {
				t.Fatal(err)
			}
			root.Close(nil)
			doc := rec.Recv(t, 1)[0]
			sub := onlySubsegment(t, doc)
			if doc["trace_id"] != w3cTraceID {
				t.Errorf("trace_id %v", doc["trace_id"])
			}
			checkW3COutbound(t, recvHeaders(t, seen), w3cTraceID, str(t, sub, "id"), true)
		})
		t.Run(name+" off", func(t *testing.T) {
			disableW3C(t)
			ctx, rec := newTestRecorder(t)
			ctx, root := BeginSegment(ctx, "caller")
			if err := call(ctx); err != nil {
				t.Fatal(err)
			}
			root.Close(nil)
			rec.Recv(t, 1)
			if h := recvHeaders(t, seen); len(h.trace) != 1 || len(h.traceparent) != 0 {
				t.Errorf("metadata %+v, want x-amzn-trace-id only", h)
			}
		})
	}
}

func TestW3COutboundAWSv1(t *testing.T) {
	getItem := func(db *dynamodb.DynamoDB) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{
				TableName: aws.String("orders"),
				Key:       map[string]*dynamodb.AttributeValue{"id": {S: aws.String("1")}},
			})
			return err
		}
	}
	newDB := func(t *testing.T, srv *awsfake.Server, proxy string) *dynamodb.DynamoDB {
		db := dynamodb.New(awsSession(t, srv, 1, func(c *aws.Config) { c.Endpoint = aws.String(proxy) }))
		AWS(db.Client)
		return db
	}

	t.Run("sampled, with a retry", func(t *testing.T) {
		enableW3C(t)
		srv := awsfake.New(t)
		srv.Push(awsfake.DynamoDBError(500, "InternalServerError"))
		proxy, seen := headerServer(t, srv.URL)
		root, op, err := awsCall(t, getItem(newDB(t, srv, proxy.URL)))
		if err != nil {
			t.Fatal(err)
		}
		// Every attempt carries both headers, naming the operation
		// subsegment.
		for i := 0; i < 2; i++ {
			checkW3COutbound(t, recvHeaders(t, seen), str(t, root, "trace_id"), str(t, op, "id"), true)
		}
	})
	t.Run("off", func(t *testing.T) {
		disableW3C(t)
		srv := awsfake.New(t)
		proxy, seen := headerServer(t, srv.URL)
		if _, _, err := awsCall(t, getItem(newDB(t, srv, proxy.URL))); err != nil {
			t.Fatal(err)
		}
		if h := recvHeaders(t, seen); len(h.trace) != 1 || len(h.traceparent) != 0 {
			t.Errorf("headers %+v, want X-Amzn-Trace-Id only", h)
		}
	})
}
