package xray

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/inbound"
	"github.com/valyala/fasthttp"
)

const fasthttpTrace = "1-65a1b2c3-0123456789abcdef01234567"

func TestFastHTTPHandlerRoundTrip(t *testing.T) {
	type seen struct {
		hasSegment  bool
		recorder    *Config
		requestHdr  string
		captureErr  error
		annotateErr error
	}
	got := make(chan seen, 1)
	f := newFastHTTPFixture(t, "tcp", "127.0.0.1:0", nil, NewFixedSegmentNamer("orders-api"), func(ctx *fasthttp.RequestCtx) {
		s := seen{
			hasSegment: GetSegment(ctx) != nil,
			recorder:   GetRecorder(ctx),
			requestHdr: string(ctx.Request.Header.Peek("X-Amzn-Trace-Id")),
		}
		s.captureErr = Capture(ctx, "lookup", func(context.Context) error { return nil })
		s.annotateErr = AddAnnotation(ctx, "order", 42)
		got <- s
		ctx.SetStatusCode(fasthttp.StatusCreated)
		ctx.Response.Header.SetContentLength(5)
		ctx.SetBodyString("hello")
	})
	incoming := "Root=" + fasthttpTrace + ";Parent=53995c3f42cd8ad8;Sampled=1;Foo=bar"
	status, body, traceHdr := f.do(t, func(req *fasthttp.Request) {
		req.Header.SetMethod(fasthttp.MethodPost)
		req.SetRequestURI("http://" + f.addr + "/orders/42?expand=items")
		req.Header.SetUserAgent("curl/8.4.0")
		req.Header.Set("X-Forwarded-For", "203.0.113.9, 10.0.0.1")
		req.Header.Set("X-Amzn-Trace-Id", incoming)
	})
	if status != fasthttp.StatusCreated || body != "hello" {
		t.Fatalf("response %d %q", status, body)
	}
	if want := "Root=" + fasthttpTrace + ";Parent=53995c3f42cd8ad8;Sampled=1"; traceHdr != want {
		t.Errorf("response X-Amzn-Trace-Id = %q, want %q", traceHdr, want)
	}
	s := <-got
	if !s.hasSegment || s.recorder != f.cfg || s.captureErr != nil || s.annotateErr != nil {
		t.Errorf("inside the handler: %+v", s)
	}
	if s.requestHdr != incoming {
		t.Errorf("the handler saw request header %q, want the incoming one unchanged", s.requestHdr)
	}

	doc := f.rec.Recv(t, 1)[0]
	if str(t, doc, "name") != "orders-api" || str(t, doc, "trace_id") != fasthttpTrace || str(t, doc, "parent_id") != "53995c3f42cd8ad8" {
		t.Errorf("segment %v", doc)
	}
	req := obj(t, obj(t, doc, "http"), "request")
	wantReq := map[string]interface{}{
		"method": "POST", "url": "http://" + f.addr + "/orders/42", "client_ip": "203.0.113.9",
		"x_forwarded_for": true, "user_agent": "curl/8.4.0",
	}
	for k, v := range wantReq {
		if req[k] != v {
			t.Errorf("http.request.%s = %v, want %v", k, req[k], v)
		}
	}
	resp := obj(t, obj(t, doc, "http"), "response")
	if num(t, resp, "status") != 201 || num(t, resp, "content_length") != 5 {
		t.Errorf("http.response = %v", resp)
	}
	if flag(doc, "error") || flag(doc, "fault") || flag(doc, "throttle") {
		t.Errorf("flags on a 201: %v", doc)
	}
	if sub := onlySubsegment(t, doc); str(t, sub, "name") != "lookup" {
		t.Errorf("subsegment %v", sub)
	}
	if ann := obj(t, doc, "annotations"); ann["order"] != float64(42) {
		t.Errorf("annotations %v", ann)
	}
}

func TestFastHTTPClientAddress(t *testing.T) {
	for _, tc := range []struct{ network, listen, ip string }{
		{"tcp4", "127.0.0.1:0", "127.0.0.1"},
		{"tcp6", "[::1]:0", "::1"},
	} {
		t.Run(tc.network, func(t *testing.T) {
			f := newFastHTTPFixture(t, tc.network, tc.listen, nil, NewFixedSegmentNamer("svc"), func(ctx *fasthttp.RequestCtx) {})
			f.do(t, nil)
			req := obj(t, obj(t, f.rec.Recv(t, 1)[0], "http"), "request")
			if req["client_ip"] != tc.ip || req["x_forwarded_for"] != nil {
				t.Errorf("http.request = %v, want client_ip %s without x_forwarded_for", req, tc.ip)
			}
			if want := "http://" + f.addr + "/"; req["url"] != want {
				t.Errorf("url = %v, want %s", req["url"], want)
			}
		})
	}
}

func TestFastHTTPStatusFlags(t *testing.T) {
	f := newFastHTTPFixture(t, "tcp", "127.0.0.1:0", nil, NewFixedSegmentNamer("svc"), func(ctx *fasthttp.RequestCtx) {
		code := 200
		switch string(ctx.Path()) {
		case "/404":
			code = 404
		case "/429":
			code = 429
		case "/503":
			code = 503
		}
		ctx.SetStatusCode(code)
	})
	for path, want := range map[string][3]bool{ // error, throttle, fault
		"/200": {false, false, false},
		"/404": {true, false, false},
		"/429": {true, true, false},
		"/503": {false, false, true},
	} {
		f.do(t, func(req *fasthttp.Request) { req.SetRequestURI("http://" + f.addr + path) })
		doc := f.rec.Recv(t, 1)[0]
		if got := [3]bool{flag(doc, "error"), flag(doc, "throttle"), flag(doc, "fault")}; got != want {
			t.Errorf("%s: flags (error, throttle, fault) = %v, want %v", path, got, want)
		}
		if st := num(t, obj(t, obj(t, doc, "http"), "response"), "status"); "/"+itoa(int(st)/100)+itoa(int(st)%100/10)+itoa(int(st)%10) != path {
			t.Errorf("%s: status %v", path, st)
		}
	}
}

func TestFastHTTPStreamedBodyHasNoNegativeLength(t *testing.T) {
	f := newFastHTTPFixture(t, "tcp", "127.0.0.1:0", nil, NewFixedSegmentNamer("svc"), func(ctx *fasthttp.RequestCtx) {
		ctx.SetBodyStreamWriter(func(w *bufio.Writer) { _, _ = w.WriteString("chunked body") })
	})
	_, body, _ := f.do(t, nil)
	if body != "chunked body" {
		t.Fatalf("body %q", body)
	}
	resp := obj(t, obj(t, f.rec.Recv(t, 1)[0], "http"), "response")
	if _, ok := resp["content_length"]; ok {
		t.Errorf("content_length recorded for a chunked body: %v", resp)
	}
}

func TestFastHTTPTraceHeaderDecisions(t *testing.T) {
	f := newFastHTTPFixture(t, "tcp", "127.0.0.1:0", nil, NewFixedSegmentNamer("svc"), func(ctx *fasthttp.RequestCtx) {})
	for _, tc := range []struct {
		incoming, want string // want "" means Root=<the segment's trace id>
		sent           bool
	}{
		{"", "", true},
		{"Root=" + fasthttpTrace + ";Sampled=?", "Root=" + fasthttpTrace + ";Sampled=1", true},
		{"Root=" + fasthttpTrace + ";Parent=53995c3f42cd8ad8;Sampled=0", "Root=" + fasthttpTrace + ";Parent=53995c3f42cd8ad8;Sampled=0", false},
		{"Root=" + fasthttpTrace + ";Parent=53995c3f42cd8ad8", "Root=" + fasthttpTrace + ";Parent=53995c3f42cd8ad8", true},
	} {
		_, _, got := f.do(t, func(req *fasthttp.Request) {
			if tc.incoming != "" {
				req.Header.Set("X-Amzn-Trace-Id", tc.incoming)
			}
		})
		want := tc.want
		if tc.sent {
			doc := f.rec.Recv(t, 1)[0]
			if want == "" {
				want = "Root=" + str(t, doc, "trace_id")
			}
		} else if n := f.rec.Pending(); n != 0 {
			t.Errorf("%q: %d documents for Sampled=0", tc.incoming, n)
		}
		if got != want {
			t.Errorf("incoming %q: response header %q, want %q", tc.incoming, got, want)
		}
		// The value is the shared inbound rule (header.md §4.1).
		if tc.want != "" {
			if rule := inbound.ResponseHeader(fasthttpTrace, header.FromString(tc.incoming), true); rule != got {
				t.Errorf("incoming %q: %q differs from inbound.ResponseHeader %q", tc.incoming, got, rule)
			}
		}
	}
}

func TestFastHTTPSamplingRequest(t *testing.T) {
	type seen struct{ host, method, url, service string }
	got := make(chan seen, 1)
	cfg := &Config{SamplingStrategy: recordingStrategy(func(host, method, url, service string) {
		got <- seen{host, method, url, service}
	})}
	f := newFastHTTPFixture(t, "tcp", "127.0.0.1:0", cfg, NewDynamicSegmentNamer("fallback", "127.0.0.1:*"), func(ctx *fasthttp.RequestCtx) {})
	f.do(t, func(req *fasthttp.Request) {
		req.Header.SetMethod(fasthttp.MethodPut)
		req.SetRequestURI("http://" + f.addr + "/a%20b/c?q=1")
	})
	if s, want := <-got, (seen{f.addr, "PUT", "/a b/c", f.addr}); s != want {
		t.Errorf("strategy saw %+v, want %+v", s, want)
	}
}

func TestFastHTTPUnparsableURI(t *testing.T) {
	called := false
	f := newFastHTTPFixture(t, "tcp", "127.0.0.1:0", nil, NewFixedSegmentNamer("svc"), func(ctx *fasthttp.RequestCtx) { called = true })
	conn, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET /bad%zzpath HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	var resp fasthttp.Response
	if err := resp.Read(bufio.NewReader(conn)); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode() != 500 || string(resp.Body()) != "Internal Server Error" {
		t.Errorf("response %d %q, want 500 Internal Server Error", resp.StatusCode(), resp.Body())
	}
	if called {
		t.Error("the handler ran")
	}
	if n := f.rec.Pending(); n != 0 {
		t.Errorf("%d documents for an unparsable URI", n)
	}
	lines := f.logs.Lines()
	found := false
	for _, l := range lines {
		found = found || strings.Contains(l, `cannot parse requestURI "/bad%zzpath": parse "/bad%zzpath": invalid URL escape "%zz"`)
	}
	if !found {
		t.Errorf("log lines %q", lines)
	}
}

func TestFastHTTPSDKDisabled(t *testing.T) {
	t.Setenv("AWS_XRAY_SDK_DISABLED", "TRUE")
	f := newFastHTTPFixture(t, "tcp", "127.0.0.1:0", nil, NewFixedSegmentNamer("svc"), func(ctx *fasthttp.RequestCtx) {
		ctx.SetBodyString("ok")
	})
	status, body, hdr := f.do(t, nil)
	if status != 200 || body != "ok" || hdr != "" {
		t.Errorf("disabled: %d %q, trace header %q", status, body, hdr)
	}
	if n := f.rec.Pending(); n != 0 {
		t.Errorf("%d documents with the SDK disabled", n)
	}
}

func TestFastHTTPNilArguments(t *testing.T) {
	f := newFastHTTPFixture(t, "tcp", "127.0.0.1:0", nil, nil, nil)
	status, _, _ := f.do(t, nil)
	if status != fasthttp.StatusNotFound {
		t.Errorf("nil handler answered %d, want 404", status)
	}
	if got := str(t, f.rec.Recv(t, 1)[0], "name"); got != f.addr {
		t.Errorf("nil namer: name %q, want the host %q", got, f.addr)
	}
}

// A panicking handler is called directly: fasthttp itself does not recover
// handler panics.
func TestFastHTTPPanic(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	h := NewFastHTTPInstrumentor(GetRecorder(ctx)).Handler(NewFixedSegmentNamer("svc"), func(*fasthttp.RequestCtx) {
		panic(errors.New("boom"))
	})
	var req fasthttp.Request
	req.SetRequestURI("/p")
	req.Header.SetHost("svc.local")
	var rc fasthttp.RequestCtx
	rc.Init(&req, nil, nil)
	func() {
		defer func() {
			if p, _ := recover().(error); p == nil || p.Error() != "boom" {
				t.Errorf("recovered %v, want the handler's panic", p)
			}
		}()
		h(&rc)
	}()
	doc := rec.Recv(t, 1)[0]
	if !flag(doc, "fault") || doc["cause"] == nil {
		t.Errorf("panic not recorded: %v", doc)
	}
}

func TestFastHTTPRequestPath(t *testing.T) {
	for _, uri := range []string{
		"/", "/a/b?c=d", "/a%20b", "/a%zz", "/a?b=%zz", "//host/x", "*", "",
		"http://example.com/x/y?z", "relative/path", "/tab\tchar", "/del\x7f", "/é/ü?q#frag", "/a#frag",
	} {
		got, err := fasthttpRequestPath([]byte(uri))
		u, uerr := url.ParseRequestURI(uri)
		if (err == nil) != (uerr == nil) {
			t.Errorf("%q: error %v, url.ParseRequestURI says %v", uri, err, uerr)
			continue
		}
		if err == nil && string(got) != u.Path {
			t.Errorf("%q: path %q, want %q", uri, got, u.Path)
		}
	}
}

func FuzzFastHTTPRequestPath(f *testing.F) {
	for _, s := range []string{"/", "/a/b?c=d", "/a%20b", "/a%zz", "//x", "http://h/p?q", "/\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		got, err := fasthttpRequestPath([]byte(uri))
		u, uerr := url.ParseRequestURI(uri)
		if (err == nil) != (uerr == nil) {
			t.Fatalf("%q: error %v, url.ParseRequestURI says %v", uri, err, uerr)
		}
		if err == nil && string(got) != u.Path {
			t.Fatalf("%q: path %q, want %q", uri, got, u.Path)
		}
	})
}
