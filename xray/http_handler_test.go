package xray

import (
	"bufio"
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
)

// Shared helpers of the net/http tests.

const testTraceID = "1-5759e988-bd862e3fe1be46a994272793"

// startHTTPServer serves h on loopback, HTTP/1.1 or (tls2) HTTP/2 over TLS
// with the test certificate. The server's base context is ctx, so Handler
// finds ctx's recorder configuration in every request's context. The
// returned client talks to the server; the server is closed (and the
// client's idle connections with it) at the end of the test.
func startHTTPServer(t *testing.T, ctx context.Context, h http.Handler, tls2 bool) (*httptest.Server, *http.Client) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.BaseContext = func(net.Listener) context.Context { return ctx }
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if tls2 {
		srv.EnableHTTP2 = true
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv, srv.Client()
}

// childrenByName returns the embedded subsegments of doc by name, failing
// on a name used twice.
func childrenByName(t *testing.T, doc map[string]interface{}) map[string]map[string]interface{} {
	t.Helper()
	out := map[string]map[string]interface{}{}
	for _, c := range subsegmentsOf(t, doc) {
		name := str(t, c, "name")
		if _, dup := out[name]; dup {
			t.Fatalf("two subsegments named %q in %v", name, doc)
		}
		out[name] = c
	}
	return out
}

// assertAllClosed fails if doc or anything embedded in it is in progress.
func assertAllClosed(t *testing.T, doc map[string]interface{}) {
	t.Helper()
	if _, ok := doc["in_progress"]; ok {
		t.Errorf("%v is in progress: %v", doc["name"], doc)
	}
	if _, ok := doc["end_time"]; !ok {
		t.Errorf("%v has no end_time", doc["name"])
	}
	for _, c := range subsegmentsOf(t, doc) {
		assertAllClosed(t, c)
	}
}

// httpBlock returns doc's http.request and http.response objects (nil when
// absent).
func httpBlock(t *testing.T, doc map[string]interface{}) (req, resp map[string]interface{}) {
	t.Helper()
	h := obj(t, doc, "http")
	req, _ = h["request"].(map[string]interface{})
	resp, _ = h["response"].(map[string]interface{})
	return req, resp
}

// optionalInterfaces lists the optional writer interfaces w implements.
func optionalInterfaces(w http.ResponseWriter) string {
	var have []string
	//lint:ignore SA1019 the test checks the deprecated interface is kept
	if _, ok := w.(http.CloseNotifier); ok {
		have = append(have, "CloseNotifier")
	}
	if _, ok := w.(http.Flusher); ok {
		have = append(have, "Flusher")
	}
	if _, ok := w.(http.Hijacker); ok {
		have = append(have, "Hijacker")
	}
	if _, ok := w.(http.Pusher); ok {
		have = append(have, "Pusher")
	}
	if _, ok := w.(io.ReaderFrom); ok {
		have = append(have, "ReaderFrom")
	}
	return strings.Join(have, ",")
}

// newHTTPTestRequest builds a client request.
func newHTTPTestRequest(t *testing.T, method, rawURL string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// samplingProbe reports each sampling request and samples nothing.
type samplingProbe func(r *sampling.Request)

func (f samplingProbe) ShouldTrace(r *sampling.Request) *sampling.Decision {
	f(r)
	return &notSampledDecision
}

// serverView is what a traced handler saw.
type serverView struct {
	segID, traceID string
	ifaces         string
	responseHeader string
	wasTraced      bool
	rec            *Config
}

func viewOf(w http.ResponseWriter, r *http.Request) serverView {
	v := serverView{ifaces: optionalInterfaces(w), responseHeader: w.Header().Get("X-Amzn-Trace-Id"),
		wasTraced: RequestWasTraced(r.Context()), rec: GetRecorder(r.Context())}
	if seg := GetSegment(r.Context()); seg != nil {
		seg.RLock()
		v.segID, v.traceID = seg.ID, seg.TraceID
		seg.RUnlock()
	}
	return v
}

func TestHandlerHTTP1Document(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	seen := make(chan serverView, 1)
	h := Handler(NewFixedSegmentNamer("orders-api"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- viewOf(w, r)
		w.Header().Set("Content-Length", "4")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, "slow")
	}))
	srv, client := startHTTPServer(t, ctx, h, false)

	req := newHTTPTestRequest(t, "POST", srv.URL+"/orders?x=1#frag")
	req.Header.Set("X-Forwarded-For", "203.0.113.9, 10.0.0.1")
	req.Header.Set("User-Agent", "curl/8.4.0")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 429 || string(body) != "slow" {
		t.Fatalf("response %d %q", resp.StatusCode, body)
	}

	doc := rec.Recv(t, 1)[0]
	v := <-seen
	if v.segID != str(t, doc, "id") || v.traceID != str(t, doc, "trace_id") {
		t.Errorf("handler saw segment %s/%s, document is %s/%s", v.traceID, v.segID, doc["trace_id"], doc["id"])
	}
	if !v.wasTraced {
		t.Error("RequestWasTraced is false inside the handler")
	}
	if v.ifaces != "CloseNotifier,Flusher,Hijacker,ReaderFrom" {
		t.Errorf("HTTP/1.1 handler saw optional interfaces %q", v.ifaces)
	}
	if got, want := resp.Header.Get("X-Amzn-Trace-Id"), "Root="+str(t, doc, "trace_id"); got != want {
		t.Errorf("client saw X-Amzn-Trace-Id %q, want %q", got, want)
	}
	if v.responseHeader != resp.Header.Get("X-Amzn-Trace-Id") {
		t.Errorf("header was %q before the handler ran, client saw %q", v.responseHeader, resp.Header.Get("X-Amzn-Trace-Id"))
	}
	if !traceIDPattern.MatchString(str(t, doc, "trace_id")) || !idPattern.MatchString(str(t, doc, "id")) {
		t.Errorf("ids: %v %v", doc["trace_id"], doc["id"])
	}
	if str(t, doc, "name") != "orders-api" {
		t.Errorf("name %v", doc["name"])
	}
	if _, ok := doc["parent_id"]; ok {
		t.Errorf("a request without trace header has parent_id %v", doc["parent_id"])
	}
	if doc["error"] != true || doc["throttle"] != true {
		t.Errorf("429 flags: error=%v throttle=%v", doc["error"], doc["throttle"])
	}
	if _, ok := doc["fault"]; ok {
		t.Errorf("429 set fault")
	}
	if _, ok := doc["namespace"]; ok {
		t.Errorf("server segment has a namespace")
	}
	reqBlock, respBlock := httpBlock(t, doc)
	wantReq := map[string]interface{}{
		"method": "POST", "url": "http://" + srv.Listener.Addr().String() + "/orders",
		"client_ip": "203.0.113.9", "user_agent": "curl/8.4.0", "x_forwarded_for": true,
	}
	if len(reqBlock) != len(wantReq) {
		t.Errorf("http.request = %v, want %v", reqBlock, wantReq)
	}
	for k, want := range wantReq {
		if reqBlock[k] != want {
			t.Errorf("http.request.%s = %v, want %v", k, reqBlock[k], want)
		}
	}
	if respBlock["status"] != 429.0 || respBlock["content_length"] != 4.0 {
		t.Errorf("http.response = %v", respBlock)
	}
	sdk := obj(t, obj(t, doc, "aws"), "xray")
	if sdk["sdk"] != SDKType || sdk["sdk_version"] != SDKVersion {
		t.Errorf("aws.xray = %v", sdk)
	}
	if obj(t, doc, "service")["runtime"] != "gc" {
		t.Errorf("service = %v", doc["service"])
	}
	if _, ok := doc["Dummy"]; ok {
		t.Error("document carries Dummy")
	}
	assertAllClosed(t, doc)
}

func TestHandlerClientIPFromRemoteAddr(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	h := Handler(NewFixedSegmentNamer("svc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv, client := startHTTPServer(t, ctx, h, false)
	resp, err := client.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, respBlock := httpBlock(t, rec.Recv(t, 1)[0])
	if req["client_ip"] != "127.0.0.1" {
		t.Errorf("client_ip = %v", req["client_ip"])
	}
	if _, ok := req["x_forwarded_for"]; ok {
		t.Error("x_forwarded_for set without the header")
	}
	if req["user_agent"] != "Go-http-client/1.1" {
		t.Errorf("user_agent = %v", req["user_agent"])
	}
	// No explicit Content-Length: none recorded (upstream behaviour).
	if respBlock["status"] != 200.0 || respBlock["content_length"] != nil {
		t.Errorf("http.response = %v", respBlock)
	}

	// In process: IPv6 and unsplittable remote addresses.
	for remote, want := range map[string]string{"[::1]:4000": "::1", "pipe": "pipe"} {
		r := httptest.NewRequest("GET", "http://svc/", nil).WithContext(ctx)
		r.RemoteAddr = remote
		h.ServeHTTP(httptest.NewRecorder(), r)
		req, _ := httpBlock(t, rec.Recv(t, 1)[0])
		if req["client_ip"] != want {
			t.Errorf("remote %q: client_ip = %v, want %q", remote, req["client_ip"], want)
		}
	}
}

func TestHandlerIncomingTraceHeader(t *testing.T) {
	cases := []struct {
		name       string
		incoming   string
		sample     bool // strategy decision for undecided headers
		wantHeader string
		wantDoc    bool
		wantParent string
	}{
		{"sampled with extra data", "Root=" + testTraceID + ";Parent=53995c3f42cd8ad8;Sampled=1;Foo=bar", false,
			"Root=" + testTraceID + ";Parent=53995c3f42cd8ad8;Sampled=1", true, "53995c3f42cd8ad8"},
		{"requested, strategy samples", "Root=" + testTraceID + ";Sampled=?", true,
			"Root=" + testTraceID + ";Sampled=1", true, ""},
		{"requested, strategy declines", "Root=" + testTraceID + ";Sampled=?", false,
			"Root=" + testTraceID + ";Sampled=0", false, ""},
		{"not sampled", "Root=" + testTraceID + ";Parent=53995c3f42cd8ad8;Sampled=0", true,
			"Root=" + testTraceID + ";Parent=53995c3f42cd8ad8;Sampled=0", false, ""},
		{"no decision", "Root=" + testTraceID + ";Parent=53995c3f42cd8ad8", true,
			"Root=" + testTraceID + ";Parent=53995c3f42cd8ad8", true, "53995c3f42cd8ad8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := &testRecorder{notify: make(chan struct{}, 1)}
			cfg := Config{Emitter: rec, SamplingStrategy: sampleNone{}}
			if c.sample {
				cfg.SamplingStrategy = sampleAll{}
			}
			ctx, err := ContextWithConfig(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			h := Handler(NewFixedSegmentNamer("svc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
			srv, client := startHTTPServer(t, ctx, h, false)
			req := newHTTPTestRequest(t, "GET", srv.URL+"/")
			req.Header.Set("X-Amzn-Trace-Id", c.incoming)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("X-Amzn-Trace-Id"); got != c.wantHeader {
				t.Errorf("response header %q, want %q", got, c.wantHeader)
			}
			if !c.wantDoc {
				if n := rec.Pending(); n != 0 {
					t.Errorf("%d documents for an unsampled request", n)
				}
				return
			}
			doc := rec.Recv(t, 1)[0]
			if doc["trace_id"] != testTraceID {
				t.Errorf("trace_id %v, want the incoming one", doc["trace_id"])
			}
			if c.wantParent != "" && doc["parent_id"] != c.wantParent {
				t.Errorf("parent_id %v, want %s", doc["parent_id"], c.wantParent)
			}
		})
	}
}

func TestHandlerUnsampledWithoutHeader(t *testing.T) {
	rec := &testRecorder{notify: make(chan struct{}, 1)}
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: rec, SamplingStrategy: sampleNone{}})
	h := Handler(NewFixedSegmentNamer("svc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil).WithContext(ctx))
	if got := w.Header().Get("X-Amzn-Trace-Id"); got != "Root="+noopTraceID {
		t.Errorf("response header %q, want the no-op trace id", got)
	}
	if rec.Pending() != 0 {
		t.Error("unsampled request emitted a document")
	}
}

func TestHandlerSamplingRequest(t *testing.T) {
	type seen struct{ host, method, url, name string }
	got := make(chan seen, 1)
	strategy := samplingProbe(func(r *sampling.Request) { got <- seen{r.Host, r.Method, r.URL, r.ServiceName} })
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: &testRecorder{notify: make(chan struct{}, 1)}, SamplingStrategy: strategy})
	h := Handler(NewDynamicSegmentNamer("fallback", "*.example.com"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	r := httptest.NewRequest("PUT", "http://shop.example.com/cart/1?x=y", nil).WithContext(ctx)
	h.ServeHTTP(httptest.NewRecorder(), r)
	if s := <-got; s != (seen{"shop.example.com", "PUT", "/cart/1", "shop.example.com"}) {
		t.Errorf("strategy asked with %+v", s)
	}
}

func TestHandlerStatusClassification(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	cases := []struct {
		status                 int
		wantErr, wantThrottle  bool
		wantFault, writeHeader bool
	}{
		{200, false, false, false, false},
		{201, false, false, false, true},
		{302, false, false, false, true},
		{400, true, false, false, true},
		{404, true, false, false, true},
		{429, true, true, false, true},
		{500, false, false, true, true},
		{503, false, false, true, true},
	}
	for _, c := range cases {
		h := Handler(NewFixedSegmentNamer("svc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.writeHeader {
				w.WriteHeader(c.status)
			}
		}))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil).WithContext(ctx))
		doc := rec.Recv(t, 1)[0]
		_, resp := httpBlock(t, doc)
		if resp["status"] != float64(c.status) {
			t.Errorf("%d: status %v", c.status, resp["status"])
		}
		if (doc["error"] == true) != c.wantErr || (doc["throttle"] == true) != c.wantThrottle || (doc["fault"] == true) != c.wantFault {
			t.Errorf("%d: error=%v throttle=%v fault=%v", c.status, doc["error"], doc["throttle"], doc["fault"])
		}
		if _, ok := doc["cause"]; ok {
			t.Errorf("%d: a status recorded a cause", c.status)
		}
	}
}

func TestHandlerLastWriteHeaderWins(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	h := Handler(NewFixedSegmentNamer("svc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusNotFound)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil).WithContext(ctx))
	_, resp := httpBlock(t, rec.Recv(t, 1)[0])
	if resp["status"] != 404.0 {
		t.Errorf("status %v, want 404", resp["status"])
	}
}

func TestHandlerContentLength(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	cases := []struct {
		header string
		want   interface{}
	}{
		{"12", 12.0},
		{"", nil},       // not set: omitted even though bytes were written
		{"twelve", nil}, // unparsable: omitted
		{"0", nil},      // zero: omitted
		{" 12", nil},    // not an integer
		{"4294967296", 4294967296.0},
	}
	for _, c := range cases {
		h := Handler(NewFixedSegmentNamer("svc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.header != "" {
				w.Header()["Content-Length"] = []string{c.header}
			}
			_, _ = io.WriteString(w, "hello")
		}))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil).WithContext(ctx))
		_, resp := httpBlock(t, rec.Recv(t, 1)[0])
		if resp["content_length"] != c.want {
			t.Errorf("Content-Length %q: content_length %v, want %v", c.header, resp["content_length"], c.want)
		}
	}
}

func TestHandlerHTTP2TLS(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	seen := make(chan serverView, 1)
	h := Handler(NewDynamicSegmentNamer("fallback", "127.0.0.1:*"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- viewOf(w, r)
		if r.ProtoMajor != 2 {
			t.Errorf("server got %s", r.Proto)
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	srv, client := startHTTPServer(t, ctx, h, true)
	resp, err := client.Get(srv.URL + "/h2/path?q=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Fatalf("client got %s", resp.Proto)
	}
	doc := rec.Recv(t, 1)[0]
	v := <-seen
	if v.ifaces != "CloseNotifier,Flusher,Pusher" {
		t.Errorf("HTTP/2 handler saw optional interfaces %q", v.ifaces)
	}
	host := srv.Listener.Addr().String()
	if doc["name"] != host {
		t.Errorf("dynamic namer: name %v, want %s", doc["name"], host)
	}
	req, respBlock := httpBlock(t, doc)
	if req["url"] != "https://"+host+"/h2/path" {
		t.Errorf("url %v", req["url"])
	}
	if respBlock["status"] != 503.0 || doc["fault"] != true {
		t.Errorf("503: %v fault=%v", respBlock, doc["fault"])
	}
	if resp.Header.Get("X-Amzn-Trace-Id") != "Root="+str(t, doc, "trace_id") {
		t.Errorf("HTTP/2 response header %q", resp.Header.Get("X-Amzn-Trace-Id"))
	}
}

func TestHandlerHijackedConnection(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	h := Handler(NewFixedSegmentNamer("ws"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
		_ = buf.Flush()
		line, _ := buf.ReadString('\n')
		_, _ = buf.WriteString("echo: " + line)
		_ = buf.Flush()
	}))
	srv, _ := startHTTPServer(t, ctx, h, false)

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "GET /upgrade HTTP/1.1\r\nHost: ws.local\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 101 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	// The hijacked connection writes its own response; the trace header
	// set before the handler ran is not part of it.
	if resp.Header.Get("X-Amzn-Trace-Id") != "" {
		t.Errorf("hijacked response carries %q", resp.Header.Get("X-Amzn-Trace-Id"))
	}
	_, _ = io.WriteString(conn, "ping\n")
	line, err := br.ReadString('\n')
	if err != nil || line != "echo: ping\n" {
		t.Fatalf("echo %q, %v", line, err)
	}
	doc := rec.Recv(t, 1)[0]
	req, respBlock := httpBlock(t, doc)
	if req["url"] != "http://ws.local/upgrade" {
		t.Errorf("url %v", req["url"])
	}
	// WriteHeader was never called: the status stays the initial 200.
	if respBlock["status"] != 200.0 {
		t.Errorf("hijacked status %v", respBlock["status"])
	}
	assertAllClosed(t, doc)
}

func TestHandlerStreamingFlush(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	gotFirst := make(chan struct{})
	h := Handler(NewFixedSegmentNamer("stream"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "first\n")
		w.(http.Flusher).Flush()
		select {
		case <-gotFirst: // the client read the flushed chunk while we wait
		case <-time.After(recvTimeout):
			t.Error("client never received the flushed chunk")
		}
		_, _ = io.WriteString(w, "second\n")
	}))
	srv, client := startHTTPServer(t, ctx, h, false)
	resp, err := client.Get(srv.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	if line, _ := br.ReadString('\n'); line != "first\n" {
		t.Fatalf("first chunk %q", line)
	}
	close(gotFirst)
	if line, _ := br.ReadString('\n'); line != "second\n" {
		t.Fatalf("second chunk %q", line)
	}
	if resp.TransferEncoding == nil || resp.TransferEncoding[0] != "chunked" {
		t.Errorf("transfer encoding %v", resp.TransferEncoding)
	}
	if resp.Header.Get("X-Amzn-Trace-Id") == "" {
		t.Error("streamed response has no trace header")
	}
	_, respBlock := httpBlock(t, rec.Recv(t, 1)[0])
	if respBlock["status"] != 200.0 {
		t.Errorf("status %v", respBlock["status"])
	}
}

func TestHandlerResponseController(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	h := Handler(NewFixedSegmentNamer("rc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := w.(interface{ Unwrap() http.ResponseWriter }); !ok {
			t.Error("wrapper has no Unwrap")
		}
		rc := http.NewResponseController(w)
		// Deadlines and full duplex exist only on net/http's own writer:
		// they work only if the controller reaches it through Unwrap.
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("SetWriteDeadline: %v", err)
		}
		if err := rc.SetReadDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("SetReadDeadline: %v", err)
		}
		if err := rc.EnableFullDuplex(); err != nil {
			t.Errorf("EnableFullDuplex: %v", err)
		}
		w.WriteHeader(http.StatusAccepted)
		if err := rc.Flush(); err != nil {
			t.Errorf("Flush: %v", err)
		}
	}))
	srv, client := startHTTPServer(t, ctx, h, false)
	resp, err := client.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, respBlock := httpBlock(t, rec.Recv(t, 1)[0])
	if respBlock["status"] != 202.0 {
		t.Errorf("status %v", respBlock["status"])
	}
}

// panickingHandler panics with "boom" after optionally starting the
// response.
func panickingHandler(write bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if write {
			w.WriteHeader(http.StatusAccepted)
		}
		panic("boom")
	}
}

func TestHandlerPanicRecordedAndRepanicked(t *testing.T) {
	for _, write := range []bool{false, true} {
		t.Run("wrote="+strconv.FormatBool(write), func(t *testing.T) {
			ctx, rec := newTestRecorder(t)
			h := Handler(NewFixedSegmentNamer("svc"), panickingHandler(write))
			var got interface{}
			func() {
				defer func() { got = recover() }()
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil).WithContext(ctx))
			}()
			if got != "boom" {
				t.Fatalf("re-panicked with %v, want the handler's value", got)
			}
			doc := rec.Recv(t, 1)[0]
			if doc["fault"] != true {
				t.Error("panic did not set fault")
			}
			ex := arr(t, obj(t, doc, "cause"), "exceptions")[0].(map[string]interface{})
			if ex["type"] != "panic" || ex["message"] != "boom" {
				t.Errorf("exception %v", ex)
			}
			frame := arr(t, ex, "stack")[0].(map[string]interface{})
			if !strings.Contains(frame["label"].(string), "panickingHandler") {
				t.Errorf("stack starts at %v, want the panicking handler", frame)
			}
			_, resp := httpBlock(t, doc)
			if write && resp["status"] != 202.0 {
				t.Errorf("status written before the panic: %v", resp)
			}
			if !write && resp != nil {
				t.Errorf("response recorded although nothing was written: %v", resp)
			}
			assertAllClosed(t, doc)
		})
	}
}

func TestHandlerPanicOnRealServer(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	srv, client := startHTTPServer(t, ctx, Handler(NewFixedSegmentNamer("svc"), panickingHandler(false)), false)
	resp, err := client.Get(srv.URL + "/")
	if err == nil {
		resp.Body.Close()
		t.Fatal("net/http answered a panicking handler")
	}
	doc := rec.Recv(t, 1)[0]
	if doc["fault"] != true || doc["cause"] == nil {
		t.Errorf("document %v", doc)
	}
}

func TestHandlerWithContextRecorder(t *testing.T) {
	baseCtx, baseRec := newTestRecorder(t)
	wrapCtx, wrapRec := newTestRecorder(t)
	seen := make(chan serverView, 1)
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen <- viewOf(w, r) })
	srv, client := startHTTPServer(t, baseCtx, HandlerWithContext(wrapCtx, NewFixedSegmentNamer("svc"), inner), false)
	resp, err := client.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if v := <-seen; v.rec != GetRecorder(wrapCtx) {
		t.Error("handler context does not carry the wrapping context's recorder")
	}
	wrapRec.Recv(t, 1)
	if baseRec.Pending() != 0 {
		t.Error("the server's base recorder received the document")
	}

	// A context without recorder hides the base one (nil is stored).
	srv2, client2 := startHTTPServer(t, baseCtx, HandlerWithContext(context.Background(), NewFixedSegmentNamer("svc"), inner), false)
	req := newHTTPTestRequest(t, "GET", srv2.URL+"/")
	req.Header.Set("X-Amzn-Trace-Id", "Root="+testTraceID+";Sampled=0") // never sent anywhere
	resp, err = client2.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if v := <-seen; v.rec != nil || v.segID == "" {
		t.Errorf("recorder %v, segment %q", v.rec, v.segID)
	}
	if baseRec.Pending() != 0 {
		t.Error("base recorder used")
	}
}

func TestHandlerDisabledSDK(t *testing.T) {
	t.Setenv("AWS_XRAY_SDK_DISABLED", "TRUE")
	ctx, rec := newTestRecorder(t)
	seen := make(chan serverView, 1)
	h := Handler(NewFixedSegmentNamer("svc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- viewOf(w, r)
		w.WriteHeader(500)
	}))
	for _, incoming := range []string{"", "Root=" + testTraceID + ";Sampled=?"} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
		if incoming != "" {
			r.Header.Set("X-Amzn-Trace-Id", incoming)
		}
		h.ServeHTTP(w, r)
		<-seen
		if _, ok := w.Header()["X-Amzn-Trace-Id"]; ok {
			t.Errorf("disabled SDK wrote X-Amzn-Trace-Id %q", w.Header().Get("X-Amzn-Trace-Id"))
		}
		if w.Code != 500 {
			t.Errorf("handler's status lost: %d", w.Code)
		}
	}
	if rec.Pending() != 0 {
		t.Error("disabled SDK emitted")
	}
}

func TestHandlerNilArguments(t *testing.T) {
	logs := captureLogs(t)
	ctx, rec := newTestRecorder(t)
	h := Handler(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	if !logs.Has("ERROR xray: Handler given a nil SegmentNamer") {
		t.Errorf("no error logged: %v", logs.Lines())
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "http://named.by.host/", nil).WithContext(ctx))
	if doc := rec.Recv(t, 1)[0]; doc["name"] != "named.by.host" {
		t.Errorf("name %v", doc["name"])
	}
	h2 := HandlerWithContext(ctx, NewFixedSegmentNamer("svc"), nil)
	w := httptest.NewRecorder()
	h2.ServeHTTP(w, httptest.NewRequest("GET", "/no-such-route-xray-test", nil))
	if w.Code != 404 {
		t.Errorf("nil handler (DefaultServeMux) answered %d", w.Code)
	}
	_, resp := httpBlock(t, rec.Recv(t, 1)[0])
	if resp["status"] != 404.0 {
		t.Errorf("status %v", resp["status"])
	}
}

func TestHandlerTracingNameOverride(t *testing.T) {
	t.Setenv("AWS_XRAY_TRACING_NAME", strings.Repeat("n", 250))
	ctx, rec := newTestRecorder(t)
	h := Handler(NewFixedSegmentNamer("ignored"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil).WithContext(ctx))
	if name := str(t, rec.Recv(t, 1)[0], "name"); name != strings.Repeat("n", 200) {
		t.Errorf("name %q (%d bytes)", name, len(name))
	}
}

func TestHTTPTraceDirect(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	_, seg := BeginSegment(ctx, "manual")
	hdr := header.FromString("Root=" + testTraceID + ";Parent=53995c3f42cd8ad8;Sampled=?")
	w := httptest.NewRecorder()
	r := httptest.NewRequest("DELETE", "https://secure.example/items/7?force=1", nil)
	HttpTrace(seg, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) }), w, r, hdr)
	seg.RLock()
	tid := seg.TraceID
	seg.RUnlock()
	if got, want := w.Header().Get("X-Amzn-Trace-Id"), "Root="+tid+";Parent=53995c3f42cd8ad8;Sampled=1"; got != want {
		t.Errorf("header %q, want %q", got, want)
	}
	if rec.Pending() != 0 {
		t.Fatal("HttpTrace closed the segment")
	}
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	req, resp := httpBlock(t, doc)
	if req["url"] != "https://secure.example/items/7" || req["method"] != "DELETE" || resp["status"] != 404.0 || doc["error"] != true {
		t.Errorf("document %v", doc)
	}

	// A nil segment and a nil header are tolerated.
	w = httptest.NewRecorder()
	HttpTrace(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(201) }), w, httptest.NewRequest("GET", "/", nil), nil)
	if w.Code != 201 {
		t.Errorf("nil segment: handler's status %d", w.Code)
	}
}

func TestHTTPCaptureResponse(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	_, seg := BeginSegment(ctx, "s")
	HttpCaptureResponse(seg, 429)
	HttpCaptureResponse(seg, 200) // flags are never cleared
	HttpCaptureResponse(nil, 500)
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	_, resp := httpBlock(t, doc)
	if resp["status"] != 200.0 || doc["error"] != true || doc["throttle"] != true {
		t.Errorf("document %v", doc)
	}
}

// TestHandlerEndToEnd runs a traced server whose handler calls a second
// traced server with a traced client: the trace crosses both hops.
func TestHandlerEndToEnd(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	backendSaw := make(chan string, 1)
	backend := Handler(NewFixedSegmentNamer("backend"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		backendSaw <- r.Header.Get("X-Amzn-Trace-Id")
		_, _ = io.WriteString(w, "ok")
	}))
	bsrv, bclient := startHTTPServer(t, ctx, backend, false)
	traced := Client(bclient)
	front := Handler(NewFixedSegmentNamer("front"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := http.NewRequestWithContext(r.Context(), "GET", bsrv.URL+"/item", nil)
		resp, err := traced.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		_, _ = io.Copy(w, resp.Body)
		resp.Body.Close()
	}))
	fsrv, fclient := startHTTPServer(t, ctx, front, false)
	req := newHTTPTestRequest(t, "GET", fsrv.URL+"/")
	req.Header.Set("X-Amzn-Trace-Id", "Root="+testTraceID+";Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a:1")
	resp, err := fclient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok" {
		t.Fatalf("body %q", body)
	}
	docs := rec.Recv(t, 2)
	byName := map[string]map[string]interface{}{}
	for _, d := range docs {
		byName[str(t, d, "name")] = d
	}
	front1, back := byName["front"], byName["backend"]
	if front1 == nil || back == nil {
		t.Fatalf("documents %v", docs)
	}
	call := childrenByName(t, front1)[bsrv.Listener.Addr().String()]
	if call == nil {
		t.Fatalf("front has no client subsegment: %v", front1)
	}
	wantHeader := "Root=" + testTraceID + ";Parent=" + str(t, call, "id") + ";Sampled=1;Lineage=a:1"
	if got := <-backendSaw; got != wantHeader {
		t.Errorf("backend saw %q, want %q", got, wantHeader)
	}
	if back["trace_id"] != testTraceID || back["parent_id"] != call["id"] || front1["trace_id"] != testTraceID {
		t.Errorf("trace not continued: front %v/%v backend %v/%v", front1["trace_id"], call["id"], back["trace_id"], back["parent_id"])
	}
}
