package xray

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func TestGRPCUnaryRoundTrip(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	var hdr metadata.MD
	out, err := f.echo(ctx, "hello", grpc.Header(&hdr))
	root.Close(nil)
	if err != nil || out.GetValue() != "hello" {
		t.Fatalf("Echo = %v, %v", out, err)
	}

	server := f.serverRec.Recv(t, 1)[0]
	doc := f.clientRec.Recv(t, 1)[0]
	sub := onlySubsegment(t, doc)
	url := "grpc://" + f.addr + "/" + echoService + "/Echo"

	if got := str(t, sub, "name"); got != echoService {
		t.Errorf("client subsegment name = %q, want %q", got, echoService)
	}
	if got := str(t, sub, "namespace"); got != "remote" {
		t.Errorf("namespace = %q, want remote", got)
	}
	creq := obj(t, obj(t, sub, "http"), "request")
	if str(t, creq, "url") != url || str(t, creq, "method") != "POST" {
		t.Errorf("client http.request = %v, want url %s, method POST", creq, url)
	}
	size := float64(proto.Size(wrapperspb.String("hello")))
	if got := num(t, obj(t, obj(t, sub, "http"), "response"), "content_length"); got != size {
		t.Errorf("client content_length = %v, want %v", got, size)
	}
	if flag(sub, "fault") || flag(sub, "error") || sub["cause"] != nil {
		t.Errorf("successful call carries error data: %v", sub)
	}

	if got := str(t, server, "name"); got != echoService {
		t.Errorf("server segment name = %q, want %q", got, echoService)
	}
	if str(t, server, "trace_id") != str(t, doc, "trace_id") || str(t, server, "parent_id") != str(t, sub, "id") {
		t.Errorf("server segment does not continue the client's trace: trace %v parent %v, client trace %v subsegment %v",
			server["trace_id"], server["parent_id"], doc["trace_id"], sub["id"])
	}
	if _, ok := server["namespace"]; ok {
		t.Errorf("server segment has a namespace: %v", server["namespace"])
	}
	sreq := obj(t, obj(t, server, "http"), "request")
	if str(t, sreq, "url") != url || str(t, sreq, "method") != "POST" {
		t.Errorf("server http.request = %v, want url %s, method POST", sreq, url)
	}
	if ua := str(t, sreq, "user_agent"); !strings.HasPrefix(ua, "grpc-go/") {
		t.Errorf("user_agent = %q, want grpc-go/…", ua)
	}
	if _, ok := sreq["client_ip"]; ok {
		t.Errorf("client_ip recorded without x-forwarded-for: %v", sreq)
	}
	if got := num(t, obj(t, obj(t, server, "http"), "response"), "content_length"); got != size {
		t.Errorf("server content_length = %v, want %v", got, size)
	}
	if got := hdr.Get(TraceIDHeaderKey); len(got) != 1 || got[0] != "Root="+str(t, doc, "trace_id") {
		t.Errorf("response header x-amzn-trace-id = %q, want [Root=%s]", got, doc["trace_id"])
	}
}

// grpcFlagsWant is the classification table of integrations.md §2.3.
var grpcFlagsWant = map[codes.Code][3]bool{ // error, fault, throttle
	codes.Canceled:           {true, false, false},
	codes.Unknown:            {false, true, false},
	codes.InvalidArgument:    {true, false, false},
	codes.DeadlineExceeded:   {false, true, false},
	codes.NotFound:           {true, false, false},
	codes.AlreadyExists:      {true, false, false},
	codes.PermissionDenied:   {true, false, false},
	codes.ResourceExhausted:  {false, false, true},
	codes.FailedPrecondition: {true, false, false},
	codes.Aborted:            {true, false, false},
	codes.OutOfRange:         {true, false, false},
	codes.Unimplemented:      {false, true, false},
	codes.Internal:           {false, true, false},
	codes.Unavailable:        {false, true, false},
	codes.DataLoss:           {false, true, false},
	codes.Unauthenticated:    {true, false, false},
}

func TestGRPCUnaryStatusCodes(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	for code := codes.Canceled; code <= codes.Unauthenticated; code++ {
		want := grpcFlagsWant[code]
		t.Run(code.String(), func(t *testing.T) {
			ctx, root := BeginSegment(f.clientCtx, "caller")
			_, err := f.echo(ctx, "code:"+itoa(int(code)))
			root.Close(nil)
			if status.Code(err) != code {
				t.Fatalf("Echo error = %v, want code %v", err, code)
			}
			server := f.serverRec.Recv(t, 1)[0]
			got := [3]bool{flag(server, "error"), flag(server, "fault"), flag(server, "throttle")}
			if got != want {
				t.Errorf("server flags (error, fault, throttle) = %v, want %v", got, want)
			}
			if server["cause"] != nil {
				t.Errorf("server segment records an exception: %v", server["cause"])
			}
			// Generated handlers return a typed-nil reply with the error:
			// still a protobuf message, hence an empty response block.
			if resp, ok := obj(t, server, "http")["response"].(map[string]interface{}); !ok || len(resp) != 0 {
				t.Errorf("response block = %v, want {}", obj(t, server, "http")["response"])
			}
			sub := onlySubsegment(t, f.clientRec.Recv(t, 1)[0])
			// The client subsegment is closed with the call's error: fault and
			// an exception on top of the classification.
			got = [3]bool{flag(sub, "error"), flag(sub, "fault"), flag(sub, "throttle")}
			if got != [3]bool{want[0], true, want[2]} {
				t.Errorf("client flags (error, fault, throttle) = %v, want %v", got, [3]bool{want[0], true, want[2]})
			}
			exc := arr(t, obj(t, sub, "cause"), "exceptions")
			if len(exc) != 1 || !strings.Contains(str(t, exc[0].(map[string]interface{}), "message"), "requested code") {
				t.Errorf("client exceptions = %v", exc)
			}
		})
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

func TestGRPCUnaryPlainError(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	_, err := f.echo(ctx, "plain")
	root.Close(nil)
	if status.Code(err) != codes.Unknown {
		t.Fatalf("Echo error = %v, want Unknown", err)
	}
	server := f.serverRec.Recv(t, 1)[0]
	if !flag(server, "fault") || flag(server, "error") {
		t.Errorf("non-status error: server flags %v, want fault only", server)
	}
	sub := onlySubsegment(t, f.clientRec.Recv(t, 1)[0])
	if !flag(sub, "fault") {
		t.Errorf("client subsegment not faulted: %v", sub)
	}
}

func TestGRPCUnaryDeadline(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err := f.echo(cctx, "block")
	root.Close(nil)
	if status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("Echo error = %v, want DeadlineExceeded", err)
	}
	sub := onlySubsegment(t, f.clientRec.Recv(t, 1)[0])
	if !flag(sub, "fault") || flag(sub, "error") {
		t.Errorf("client subsegment flags: %v, want fault", sub)
	}
	// The server's handler sees its own deadline (DeadlineExceeded, a
	// fault) or the client's reset (Canceled, an error), whichever is first.
	server := f.serverRec.Recv(t, 1)[0]
	if flag(server, "fault") == flag(server, "error") {
		t.Errorf("server segment flags: %v, want fault or error", server)
	}
	if _, ok := server["end_time"]; !ok {
		t.Errorf("server segment not closed: %v", server)
	}
}

func TestGRPCUnaryCancel(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := f.echo(cctx, "block")
		done <- err
	}()
	f.waitStarted(t) // cancel once the server's handler runs
	cancel()
	err := <-done
	root.Close(nil)
	if status.Code(err) != codes.Canceled {
		t.Fatalf("Echo error = %v, want Canceled", err)
	}
	sub := onlySubsegment(t, f.clientRec.Recv(t, 1)[0])
	if !flag(sub, "error") || !flag(sub, "fault") {
		t.Errorf("client subsegment flags: %v, want error (Canceled) and fault (closed with the error)", sub)
	}
	server := f.serverRec.Recv(t, 1)[0]
	if !flag(server, "error") || flag(server, "fault") {
		t.Errorf("server segment flags: %v, want error (Canceled)", server)
	}
}

// waitFor polls cond until it holds, for up to 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(recvTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestGRPCClientWithoutSegment(t *testing.T) {
	logs := captureLogs(t)
	f := newGRPCFixture(t, grpcFixtureOptions{})
	// No segment in the context: the context-missing strategy (LOG_ERROR)
	// reports it and the call goes through untraced.
	out, err := f.echo(context.Background(), "untraced")
	if err != nil || out.GetValue() != "untraced" {
		t.Fatalf("Echo without a segment = %v, %v; tracing must not fail the call", out, err)
	}
	if !logs.Has("ERROR Suppressing AWS X-Ray context missing panic: failed to begin subsegment named '" + echoService + "'") {
		t.Errorf("context-missing strategy not told; logs: %q", logs.Lines())
	}
	server := f.serverRec.Recv(t, 1)[0]
	if _, ok := server["parent_id"]; ok {
		t.Errorf("untraced call carried a trace header: %v", server)
	}
	if n := f.clientRec.Pending(); n != 0 {
		t.Errorf("client recorded %d documents", n)
	}
}

func TestGRPCClientWithoutSegmentIgnored(t *testing.T) {
	logs := captureLogs(t)
	f := newGRPCFixture(t, grpcFixtureOptions{
		client: []GrpcOption{WithRecorder(&Config{ContextMissingStrategy: ctxmissing.NewDefaultIgnoreErrorStrategy()})},
	})
	if _, err := f.echo(context.Background(), "ok"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cs, err := f.stream(ctx, listDesc)
	if err != nil {
		t.Fatal(err)
	}
	if err := cs.SendMsg(wrapperspb.String("2")); err != nil {
		t.Fatal(err)
	}
	_ = cs.CloseSend()
	n := drain(t, cs)
	if n != 2 {
		t.Errorf("untraced stream got %d messages, want 2", n)
	}
	for _, l := range logs.Lines() {
		if strings.HasPrefix(l, "ERROR") || strings.HasPrefix(l, "WARN") {
			t.Errorf("ignore strategy, yet logged %q", l)
		}
	}
	f.serverRec.Recv(t, 2)
}

func TestGRPCClientWithoutSegmentRuntimeError(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{
		client: []GrpcOption{WithRecorder(&Config{ContextMissingStrategy: ctxmissing.NewDefaultRuntimeErrorStrategy()})},
	})
	// A strategy that panics is the user's choice: the panic reaches them.
	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(string), "segment cannot be found") {
			t.Errorf("recovered %v, want the context-missing panic", p)
		}
	}()
	_, _ = f.echo(context.Background(), "ok")
	t.Error("no panic")
}

func TestGRPCUnsampledCallerPropagatesDecision(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, err := ContextWithConfig(f.clientCtx, Config{SamplingStrategy: sampleNone{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, root := BeginSegment(ctx, "caller")
	var hdr metadata.MD
	if _, err := f.echo(ctx, "ok", grpc.Header(&hdr)); err != nil {
		t.Fatal(err)
	}
	root.Close(nil)
	// Sampled=0 reaches the server: it samples nothing either.
	if got := hdr.Get(TraceIDHeaderKey); len(got) != 1 || !strings.HasPrefix(got[0], "Root=") {
		t.Errorf("response header = %q", got)
	}
	if n := f.serverRec.Pending() + f.clientRec.Pending(); n != 0 {
		t.Errorf("%d documents sent for an unsampled trace", n)
	}
}

func TestGRPCSDKDisabled(t *testing.T) {
	t.Setenv("AWS_XRAY_SDK_DISABLED", "true")
	f := newGRPCFixture(t, grpcFixtureOptions{})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	var hdr metadata.MD
	out, err := f.echo(ctx, "ok", grpc.Header(&hdr))
	root.Close(nil)
	if err != nil || out.GetValue() != "ok" {
		t.Fatalf("Echo = %v, %v", out, err)
	}
	if got := hdr.Get(TraceIDHeaderKey); len(got) != 0 {
		t.Errorf("disabled SDK sent a trace header: %q", got)
	}
	if n := f.serverRec.Pending() + f.clientRec.Pending(); n != 0 {
		t.Errorf("%d documents sent with the SDK disabled", n)
	}
}

func TestGRPCClientNilConnection(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	var sent metadata.MD
	invoker := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, opts ...grpc.CallOption) error {
		sent, _ = metadata.FromOutgoingContext(ctx)
		return nil
	}
	err := UnaryClientInterceptor()(ctx, "/svc.S/M", wrapperspb.String("x"), new(wrapperspb.StringValue), nil, invoker)
	root.Close(nil)
	if err != nil {
		t.Fatal(err)
	}
	sub := onlySubsegment(t, rec.Recv(t, 1)[0])
	if got := str(t, obj(t, obj(t, sub, "http"), "request"), "url"); got != "grpc:///svc.S/M" {
		t.Errorf("url = %q", got)
	}
	want := "Root=" + root.TraceID + ";Parent=" + str(t, sub, "id") + ";Sampled=1"
	if got := sent.Get(TraceIDHeaderKey); len(got) != 1 || got[0] != want {
		t.Errorf("outgoing x-amzn-trace-id = %q, want [%s]", got, want)
	}
	// An empty reply message still gives a response block.
	if _, ok := obj(t, sub, "http")["response"].(map[string]interface{}); !ok {
		t.Errorf("no response block for a protobuf reply: %v", sub["http"])
	}
}

func TestGRPCClientNonProtoReply(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	invoker := func(context.Context, string, any, any, *grpc.ClientConn, ...grpc.CallOption) error { return nil }
	var reply struct{ N int }
	if err := UnaryClientInterceptor()(ctx, "/svc.S/M", nil, &reply, nil, invoker); err != nil {
		t.Fatal(err)
	}
	root.Close(nil)
	sub := onlySubsegment(t, rec.Recv(t, 1)[0])
	if _, ok := obj(t, sub, "http")["response"]; ok {
		t.Errorf("response block for a non-protobuf reply: %v", sub["http"])
	}
}

func TestGRPCSegmentNamer(t *testing.T) {
	var seen []string
	namer := namerFunc(func(host string) string {
		seen = append(seen, host)
		return "named-" + host
	})
	f := newGRPCFixture(t, grpcFixtureOptions{
		server: []GrpcOption{WithSegmentNamer(namer)},
		client: []GrpcOption{WithSegmentNamer(NewFixedSegmentNamer("fixed-client"))},
	})
	ctx, root := BeginSegment(f.clientCtx, "caller")
	if _, err := f.echo(ctx, "ok"); err != nil {
		t.Fatal(err)
	}
	root.Close(nil)
	server := f.serverRec.Recv(t, 1)[0]
	if got := str(t, server, "name"); got != "named-"+f.addr {
		t.Errorf("server segment name = %q, want named-%s (the :authority)", got, f.addr)
	}
	if got := str(t, onlySubsegment(t, f.clientRec.Recv(t, 1)[0]), "name"); got != "fixed-client" {
		t.Errorf("client subsegment name = %q", got)
	}
	if len(seen) != 1 || seen[0] != f.addr {
		t.Errorf("namer saw %q", seen)
	}
}

type namerFunc func(string) string

func (f namerFunc) Name(host string) string { return f(host) }

func TestGRPCInferServiceName(t *testing.T) {
	for in, want := range map[string]string{
		"/com.example.Service/Method": "com.example.Service",
		"/svc/a/b":                    "svc",
		"/noMethod":                   "noMethod",
		"/":                           "",
		"":                            "",
		"noSlash/Method":              "noSlash",
		"//x":                         "",
	} {
		if got := inferServiceName(in); got != want {
			t.Errorf("inferServiceName(%q) = %q, want %q", in, got, want)
		}
	}
}

// The server reads x-amzn-trace-id (one value only) and answers with its
// own header metadata; calls are made without client interceptors.
func TestGRPCServerTraceHeader(t *testing.T) {
	const trace = "1-65a1b2c3-0123456789abcdef01234567"
	f := newGRPCFixture(t, grpcFixtureOptions{noClientXRay: true})
	for _, tc := range []struct {
		name     string
		incoming []string // x-amzn-trace-id values
		sent     bool     // a document is expected
		parent   string
		response string // "" means Root=<the segment's trace id>
	}{
		{"none", nil, true, "", ""},
		{"sampled", []string{"Root=" + trace + ";Parent=53995c3f42cd8ad8;Sampled=1;Foo=bar"}, true, "53995c3f42cd8ad8", "Root=" + trace},
		{"requested", []string{"Root=" + trace + ";Sampled=?"}, true, "", "Root=" + trace + ";Sampled=1"},
		{"not sampled", []string{"Root=" + trace + ";Parent=53995c3f42cd8ad8;Sampled=0"}, false, "", "Root=" + trace},
		{"two values ignored", []string{"Root=" + trace + ";Sampled=0", "Root=" + trace + ";Sampled=0"}, true, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := metadata.MD{}
			for _, v := range tc.incoming {
				md.Append(TraceIDHeaderKey, v)
			}
			var hdr metadata.MD
			if _, err := f.echo(metadata.NewOutgoingContext(context.Background(), md), "ok", grpc.Header(&hdr)); err != nil {
				t.Fatal(err)
			}
			var traceID string
			if tc.sent {
				doc := f.serverRec.Recv(t, 1)[0]
				traceID = str(t, doc, "trace_id")
				if len(tc.incoming) == 1 && traceID != trace {
					t.Errorf("trace_id = %q, want %q", traceID, trace)
				}
				if got, _ := doc["parent_id"].(string); got != tc.parent {
					t.Errorf("parent_id = %q, want %q", got, tc.parent)
				}
			} else if n := f.serverRec.Pending(); n != 0 {
				t.Errorf("%d documents for Sampled=0", n)
			}
			want := tc.response
			if want == "" {
				want = "Root=" + traceID
			}
			if got := hdr.Get(TraceIDHeaderKey); len(got) != 1 || got[0] != want {
				t.Errorf("response x-amzn-trace-id = %q, want [%s]", got, want)
			}
		})
	}
}

func TestGRPCServerForwardedFor(t *testing.T) {
	f := newGRPCFixture(t, grpcFixtureOptions{noClientXRay: true})
	ctx := metadata.AppendToOutgoingContext(context.Background(), "x-forwarded-for", " 203.0.113.9 , 10.0.0.1")
	if _, err := f.echo(ctx, "ok"); err != nil {
		t.Fatal(err)
	}
	req := obj(t, obj(t, f.serverRec.Recv(t, 1)[0], "http"), "request")
	if str(t, req, "client_ip") != "203.0.113.9" || !flag(req, "x_forwarded_for") {
		t.Errorf("http.request = %v, want client_ip 203.0.113.9 with x_forwarded_for", req)
	}
}

func TestGRPCServerSamplingRequest(t *testing.T) {
	type seen struct{ host, method, url, service string }
	got := make(chan seen, 4)
	cfg := &Config{SamplingStrategy: recordingStrategy(func(host, method, url, service string) {
		got <- seen{host, method, url, service}
	})}
	f := newGRPCFixture(t, grpcFixtureOptions{noClientXRay: true, serverConfig: cfg})
	if _, err := f.echo(context.Background(), "ok"); err != nil {
		t.Fatal(err)
	}
	want := seen{f.addr, "POST", "/" + echoService + "/Echo", echoService}
	if s := <-got; s != want {
		t.Errorf("strategy saw %+v, want %+v", s, want)
	}
}

func TestGRPCServerHandlerSeesSegment(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	icpt := UnaryServerInterceptor(WithRecorder(GetRecorder(ctx)))
	handler := func(ctx context.Context, req any) (any, error) {
		if GetSegment(ctx) == nil {
			return nil, errors.New("no segment in the handler's context")
		}
		return req, Capture(ctx, "work", func(context.Context) error { return nil })
	}
	// No transport stream in the context: the header cannot be sent; the
	// call still succeeds.
	in := metadata.NewIncomingContext(context.Background(), metadata.Pairs(":authority", "svc.local"))
	resp, err := icpt(in, wrapperspb.String("x"), &grpc.UnaryServerInfo{FullMethod: "/a.B/C"}, handler)
	if err != nil || resp == nil {
		t.Fatalf("interceptor = %v, %v", resp, err)
	}
	doc := rec.Recv(t, 1)[0]
	if got := str(t, onlySubsegment(t, doc), "name"); got != "work" {
		t.Errorf("subsegment %q", got)
	}
	if got := str(t, obj(t, obj(t, doc, "http"), "request"), "url"); got != "grpc://svc.local/a.B/C" {
		t.Errorf("url = %q", got)
	}
}

func TestGRPCServerTypedNilResponse(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	icpt := UnaryServerInterceptor(WithRecorder(GetRecorder(ctx)))
	handler := func(ctx context.Context, req any) (any, error) {
		return (*wrapperspb.StringValue)(nil), status.Error(codes.NotFound, "gone")
	}
	_, err := icpt(context.Background(), nil, &grpc.UnaryServerInfo{FullMethod: "/a.B/C"}, handler)
	if status.Code(err) != codes.NotFound {
		t.Fatalf("err = %v", err)
	}
	doc := rec.Recv(t, 1)[0]
	if resp, ok := obj(t, doc, "http")["response"].(map[string]interface{}); !ok || len(resp) != 0 {
		t.Errorf("typed-nil protobuf response: response block %v, want {}", obj(t, doc, "http")["response"])
	}
	if !flag(doc, "error") {
		t.Errorf("NotFound not flagged: %v", doc)
	}
}

func TestGRPCServerPanic(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	icpt := UnaryServerInterceptor(WithRecorder(GetRecorder(ctx)))
	handler := func(ctx context.Context, req any) (any, error) { panic("handler exploded") }
	func() {
		defer func() {
			if p := recover(); p != "handler exploded" {
				t.Errorf("recovered %v, want the handler's panic value", p)
			}
		}()
		_, _ = icpt(context.Background(), nil, &grpc.UnaryServerInfo{FullMethod: "/a.B/C"}, handler)
	}()
	doc := rec.Recv(t, 1)[0]
	if !flag(doc, "fault") {
		t.Errorf("panicking handler: segment not faulted: %v", doc)
	}
	exc := arr(t, obj(t, doc, "cause"), "exceptions")
	if len(exc) != 1 || !strings.Contains(str(t, exc[0].(map[string]interface{}), "message"), "handler exploded") {
		t.Errorf("exceptions = %v", exc)
	}
}

func TestGRPCServerNilInfo(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	icpt := UnaryServerInterceptor(WithRecorder(GetRecorder(ctx)), nil)
	if _, err := icpt(context.Background(), nil, nil, func(ctx context.Context, req any) (any, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	// No method, no name: the document is sent (the service rejects it).
	waitFor(t, func() bool { return rec.Pending() == 1 })
}
