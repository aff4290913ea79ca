package xray

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// backend is an untraced loopback server that records the trace header of
// every request it gets.
type backend struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []http.Header
}

func (b *backend) headers() []http.Header {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]http.Header(nil), b.seen...)
}

// startBackend serves h (after recording the request headers) on loopback.
func startBackend(t *testing.T, tls2 bool, h http.HandlerFunc) (*backend, *http.Client) {
	t.Helper()
	b := &backend{}
	srv, client := startHTTPServer(t, context.Background(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.mu.Lock()
		b.seen = append(b.seen, r.Header.Clone())
		b.mu.Unlock()
		h(w, r)
	}), tls2)
	b.srv = srv
	return b, client
}

// get sends a GET with ctx through client and reads the whole body.
func get(t *testing.T, ctx context.Context, client *http.Client, rawURL string) (*http.Request, *http.Response, string, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, "GET", rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return req, nil, "", err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return req, resp, string(body), nil
}

// metadataHTTP returns doc's metadata.http.<key> object.
func metadataHTTP(t *testing.T, doc map[string]interface{}, key string) map[string]interface{} {
	t.Helper()
	return obj(t, obj(t, obj(t, doc, "metadata"), "http"), key)
}

func TestClientGETNewConnection(t *testing.T) {
	b, bclient := startBackend(t, false, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "oops!")
	})
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	client := Client(bclient)
	req, resp, body, err := get(t, ctx, client, b.srv.URL+"/items?secret=1#top")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 503 || body != "oops!" {
		t.Fatalf("response %d %q", resp.StatusCode, body)
	}
	if _, ok := req.Header["X-Amzn-Trace-Id"]; ok {
		t.Error("the caller's request was modified")
	}
	root.Close(nil)
	doc := rec.Recv(t, 1)[0]
	assertAllClosed(t, doc)

	host := b.srv.Listener.Addr().String()
	sub := childrenByName(t, doc)[host]
	if sub == nil {
		t.Fatalf("no subsegment named %s: %v", host, doc)
	}
	seen := b.headers()
	if len(seen) != 1 {
		t.Fatalf("backend got %d requests", len(seen))
	}
	want := "Root=" + str(t, doc, "trace_id") + ";Parent=" + str(t, sub, "id") + ";Sampled=1"
	if got := seen[0].Get("X-Amzn-Trace-Id"); got != want {
		t.Errorf("backend saw %q, want %q", got, want)
	}
	if sub["namespace"] != "remote" || sub["fault"] != true || sub["cause"] != nil {
		t.Errorf("subsegment %v", sub)
	}
	reqBlock, respBlock := httpBlock(t, sub)
	if reqBlock["method"] != "GET" || reqBlock["url"] != "http://"+host+"/items#top" || len(reqBlock) != 2 {
		t.Errorf("http.request %v", reqBlock)
	}
	if respBlock["status"] != 503.0 || respBlock["content_length"] != 5.0 {
		t.Errorf("http.response %v", respBlock)
	}

	phases := childrenByName(t, sub)
	if len(phases) != 3 || phases["connect"] == nil || phases["request"] == nil || phases["response"] == nil {
		t.Fatalf("phases %v", phases)
	}
	conn := metadataHTTP(t, phases["connect"], "connection")
	if conn["reused"] != false || conn["was_idle"] != false || conn["idle_time"] != nil {
		t.Errorf("connection metadata %v", conn)
	}
	dial := childrenByName(t, phases["connect"])["dial"]
	if dial == nil {
		t.Fatalf("connect has no dial: %v", phases["connect"])
	}
	if n := metadataHTTP(t, dial, "connect")["network"]; n != "tcp" {
		t.Errorf("dial network %v", n)
	}
	if _, ok := childrenByName(t, phases["connect"])["dns"]; ok {
		t.Error("dns subsegment for an IP literal")
	}
	// request ends when the response phase starts.
	if phases["request"]["end_time"].(float64) > phases["response"]["start_time"].(float64) {
		t.Error("response began before the request was written")
	}
}

func TestClientReusedConnection(t *testing.T) {
	b, bclient := startBackend(t, false, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") })
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	client := Client(bclient)
	for i := 0; i < 2; i++ {
		if _, _, _, err := get(t, ctx, client, b.srv.URL+"/"); err != nil {
			t.Fatal(err)
		}
	}
	root.Close(nil)
	doc := rec.Recv(t, 1)[0]
	assertAllClosed(t, doc)
	subs := subsegmentsOf(t, doc)
	if len(subs) != 2 {
		t.Fatalf("%d client subsegments", len(subs))
	}
	var withConnect int
	for _, s := range subs {
		phases := childrenByName(t, s)
		if phases["request"] == nil || phases["response"] == nil {
			t.Errorf("phases %v", phases)
		}
		if phases["connect"] != nil {
			withConnect++
		}
	}
	if withConnect != 1 {
		t.Errorf("%d exchanges have a connect subsegment, want 1 (the second reuses the connection)", withConnect)
	}
	seen := b.headers()
	if len(seen) != 2 || seen[0].Get("X-Amzn-Trace-Id") == seen[1].Get("X-Amzn-Trace-Id") {
		t.Errorf("trace headers %v", seen)
	}
}

func TestClientDNSLookup(t *testing.T) {
	b, bclient := startBackend(t, false, func(w http.ResponseWriter, r *http.Request) {})
	_, port, _ := net.SplitHostPort(b.srv.Listener.Addr().String())
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	if _, _, _, err := get(t, ctx, Client(bclient), "http://localhost:"+port+"/"); err != nil {
		t.Skipf("localhost does not reach the IPv4 test server here: %v", err)
	}
	root.Close(nil)
	doc := rec.Recv(t, 1)[0]
	sub := childrenByName(t, doc)["localhost:"+port]
	if sub == nil {
		t.Fatalf("no localhost subsegment: %v", doc)
	}
	dns := childrenByName(t, childrenByName(t, sub)["connect"])["dns"]
	if dns == nil {
		t.Fatalf("no dns subsegment: %v", sub)
	}
	meta := metadataHTTP(t, dns, "dns")
	if meta["coalesced"] != false {
		t.Errorf("coalesced %v", meta["coalesced"])
	}
	found := false
	for _, a := range meta["addresses"].([]interface{}) {
		addr := a.(map[string]interface{})
		if addr["IP"] == "127.0.0.1" && addr["Zone"] == "" {
			found = true
		}
	}
	if !found {
		t.Errorf("addresses %v", meta["addresses"])
	}
}

func TestClientHTTP2TLS(t *testing.T) {
	b, bclient := startBackend(t, true, func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 {
			t.Errorf("backend got %s", r.Proto)
		}
		w.WriteHeader(http.StatusNotFound)
	})
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	_, resp, _, err := get(t, ctx, Client(bclient), b.srv.URL+"/missing")
	if err != nil {
		t.Fatal(err)
	}
	if resp.ProtoMajor != 2 {
		t.Fatalf("client used %s", resp.Proto)
	}
	root.Close(nil)
	doc := rec.Recv(t, 1)[0]
	assertAllClosed(t, doc)
	sub := subsegmentsOf(t, doc)[0]
	if sub["error"] != true || sub["fault"] != nil {
		t.Errorf("404 flags %v", sub)
	}
	reqBlock, _ := httpBlock(t, sub)
	if !strings.HasPrefix(reqBlock["url"].(string), "https://") {
		t.Errorf("url %v", reqBlock["url"])
	}
	connect := childrenByName(t, sub)["connect"]
	if connect == nil {
		t.Fatalf("no connect: %v", sub)
	}
	tlsSeg := childrenByName(t, connect)["tls"]
	if tlsSeg == nil {
		t.Fatalf("no tls subsegment: %v", connect)
	}
	meta := metadataHTTP(t, tlsSeg, "tls")
	if meta["negotiated_protocol"] != "h2" || meta["did_resume"] != false || meta["negotiated_protocol_is_mutual"] != true {
		t.Errorf("tls metadata %v", meta)
	}
	if cs, ok := meta["cipher_suite"].(float64); !ok || cs == 0 {
		t.Errorf("cipher_suite %v", meta["cipher_suite"])
	}
	if b.headers()[0].Get("X-Amzn-Trace-Id") == "" {
		t.Error("HTTP/2 request carried no trace header")
	}
}

// blockingBackend answers only when the client goes away (or the test
// ends); arrived gets one value per request.
func blockingBackend(t *testing.T) (*backend, *http.Client, chan struct{}) {
	t.Helper()
	arrived := make(chan struct{}, 4)
	release := make(chan struct{})
	b, client := startBackend(t, false, func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) }) // runs before the server closes
	return b, client, arrived
}

// assertAbortedExchange checks the document of an exchange cut short by
// err: everything closed, the client subsegment faulted with the error,
// and the response phase closed with it.
func assertAbortedExchange(t *testing.T, doc map[string]interface{}, wantMsg string) {
	t.Helper()
	assertAllClosed(t, doc)
	sub := subsegmentsOf(t, doc)[0]
	if sub["fault"] != true {
		t.Errorf("subsegment not faulted: %v", sub)
	}
	ex := arr(t, obj(t, sub, "cause"), "exceptions")[0].(map[string]interface{})
	if !strings.Contains(ex["message"].(string), wantMsg) {
		t.Errorf("exception %v, want a message containing %q", ex, wantMsg)
	}
	if _, ok := sub["http"].(map[string]interface{})["response"]; ok {
		t.Errorf("response recorded for an aborted exchange: %v", sub["http"])
	}
	phases := childrenByName(t, sub)
	if phases["request"] == nil || phases["request"]["fault"] != nil {
		t.Errorf("request phase %v", phases["request"])
	}
	resp := phases["response"]
	if resp == nil || resp["fault"] != true {
		t.Errorf("response phase not closed with the error: %v", resp)
	}
}

func TestClientTimeout(t *testing.T) {
	b, bclient, _ := blockingBackend(t)
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	client := Client(bclient)
	client.Timeout = 100 * time.Millisecond
	_, _, _, err := get(t, ctx, client, b.srv.URL+"/slow")
	var ue *url.Error
	if !errors.As(err, &ue) || !ue.Timeout() {
		t.Fatalf("error %v, want a timeout", err)
	}
	root.Close(nil)
	assertAbortedExchange(t, rec.Recv(t, 1)[0], "")
}

func TestClientCancelledContext(t *testing.T) {
	b, bclient, arrived := blockingBackend(t)
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	reqCtx, cancel := context.WithCancel(ctx)
	go func() {
		<-arrived
		cancel()
	}()
	_, _, _, err := get(t, reqCtx, Client(bclient), b.srv.URL+"/slow")
	cancel()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	root.Close(nil)
	assertAbortedExchange(t, rec.Recv(t, 1)[0], "context canceled")
}

func TestClientConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	if _, _, _, err := get(t, ctx, Client(&http.Client{Transport: tr}), "http://"+addr+"/"); err == nil {
		t.Fatal("request to a closed port succeeded")
	}
	root.Close(nil)
	doc := rec.Recv(t, 1)[0]
	assertAllClosed(t, doc)
	sub := subsegmentsOf(t, doc)[0]
	connect := childrenByName(t, sub)["connect"]
	if sub["fault"] != true || connect == nil || connect["fault"] != true {
		t.Fatalf("subsegment %v", sub)
	}
	if dial := childrenByName(t, connect)["dial"]; dial == nil || dial["fault"] != true {
		t.Errorf("dial %v", dial)
	}
	if _, ok := childrenByName(t, sub)["request"]; ok {
		t.Error("request phase without a connection")
	}
}

func TestClientWithoutSegment(t *testing.T) {
	logs := captureLogs(t)
	b, bclient := startBackend(t, false, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") })
	var missing []string
	ctx, _ := ContextWithConfig(context.Background(), Config{ContextMissingStrategy: strategyFunc(func(v interface{}) {
		missing = append(missing, v.(string))
	})})
	_, resp, body, err := get(t, ctx, Client(bclient), b.srv.URL+"/")
	if err != nil || resp.StatusCode != 200 || body != "ok" {
		t.Fatalf("untraced request failed: %v", err)
	}
	if h := b.headers()[0]; h.Get("X-Amzn-Trace-Id") != "" {
		t.Errorf("untraced request carried %q", h.Get("X-Amzn-Trace-Id"))
	}
	if !logs.Has("WARN failed to record HTTP transaction: segment cannot be found.") {
		t.Errorf("no warning: %v", logs.Lines())
	}
	host := b.srv.Listener.Addr().String()
	want := []string{
		"failed to begin subsegment named '" + host + "': segment cannot be found.",
		"failed to end subsegment: subsegment '" + host + "' cannot be found.",
	}
	if strings.Join(missing, "|") != strings.Join(want, "|") {
		t.Errorf("context-missing strategy got %q, want %q", missing, want)
	}
}

// strategyFunc adapts a function to ctxmissing.Strategy.
type strategyFunc func(v interface{})

func (f strategyFunc) ContextMissing(v interface{}) { f(v) }

func TestClientDisabledSDK(t *testing.T) {
	t.Setenv("AWS_XRAY_SDK_DISABLED", "true")
	b, bclient := startBackend(t, false, func(w http.ResponseWriter, r *http.Request) {})
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	if _, _, _, err := get(t, ctx, Client(bclient), b.srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	root.Close(nil)
	if _, ok := b.headers()[0]["X-Amzn-Trace-Id"]; ok {
		t.Error("disabled SDK sent a trace header")
	}
	if rec.Pending() != 0 {
		t.Error("disabled SDK emitted")
	}
}

func TestClientUnsampledRoot(t *testing.T) {
	b, bclient := startBackend(t, false, func(w http.ResponseWriter, r *http.Request) {})
	rec := &testRecorder{notify: make(chan struct{}, 1)}
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: rec, SamplingStrategy: sampleNone{}})
	ctx, root := BeginSegment(ctx, "caller")
	if _, _, _, err := get(t, ctx, Client(bclient), b.srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	root.Close(nil)
	want := "Root=" + noopTraceID + ";Parent=" + noopID + ";Sampled=0"
	if got := b.headers()[0].Get("X-Amzn-Trace-Id"); got != want {
		t.Errorf("backend saw %q, want %q", got, want)
	}
	if rec.Pending() != 0 {
		t.Error("unsampled trace emitted")
	}
}

func TestClientConstruction(t *testing.T) {
	jar, _ := cookiejar.New(nil)
	redirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tr := &http.Transport{}
	orig := &http.Client{Transport: tr, Jar: jar, CheckRedirect: redirect, Timeout: 3 * time.Second}
	c := Client(orig)
	if c == orig || orig.Transport != tr {
		t.Fatal("Client modified or returned its argument")
	}
	rt, ok := c.Transport.(*roundTripper)
	if !ok || rt.base != tr {
		t.Fatalf("transport %T", c.Transport)
	}
	if c.Jar != jar || c.Timeout != 3*time.Second || c.CheckRedirect == nil {
		t.Errorf("fields not copied: %+v", c)
	}
	if d := Client(nil); d.Transport.(*roundTripper).base != http.DefaultTransport {
		t.Error("Client(nil) does not wrap http.DefaultTransport")
	}
	if d := Client(&http.Client{}); d.Transport.(*roundTripper).base != http.DefaultTransport {
		t.Error("a nil transport is not http.DefaultTransport")
	}
	if RoundTripper(nil).(*roundTripper).base != http.DefaultTransport {
		t.Error("RoundTripper(nil) does not wrap http.DefaultTransport")
	}
}

func TestRoundTripRedactedURL(t *testing.T) {
	cases := map[string]string{
		"http://example.com/a/b?x=1&y=2":           "http://example.com/a/b",
		"https://user:secret@example.com:8443/p?q": "https://user:***@example.com:8443/p",
		"http://user@example.com/p":                "http://user@example.com/p",
		"http://us%40er:p%3Ass@example.com/#frag":  "http://us%40er:***@example.com/#frag",
		"http://example.com/path?":                 "http://example.com/path",
		"http://example.com/sp%20ace":              "http://example.com/sp%20ace",
		"http://user:@example.com/":                "http://user:***@example.com/",
	}
	for in, want := range cases {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := redactedURL(u); got != want {
			t.Errorf("redactedURL(%q) = %q, want %q", in, got, want)
		}
		if u.String() != in && in != "http://example.com/path?" {
			t.Errorf("redactedURL modified its argument: %q", u.String())
		}
	}
	if redactedURL(nil) != "" {
		t.Error("nil URL")
	}
}

func TestRoundTripEmptyHost(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	req, _ := http.NewRequestWithContext(ctx, "GET", "http:///nohost", nil)
	req.Host = ""
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	if _, err := RoundTripper(tr).RoundTrip(req); err == nil {
		t.Fatal("request without host succeeded")
	}
	root.Close(nil)
	sub := subsegmentsOf(t, rec.Recv(t, 1)[0])[0]
	if sub["name"] != "empty_host_error" || sub["namespace"] != nil || sub["fault"] != true {
		t.Errorf("subsegment %v", sub)
	}
}

func TestRoundTripHostHeaderNames(t *testing.T) {
	b, bclient := startBackend(t, false, func(w http.ResponseWriter, r *http.Request) {})
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	req, _ := http.NewRequestWithContext(ctx, "GET", b.srv.URL+"/", nil)
	req.Host = "virtual.example"
	resp, err := Client(bclient).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	root.Close(nil)
	if sub := subsegmentsOf(t, rec.Recv(t, 1)[0])[0]; sub["name"] != "virtual.example" {
		t.Errorf("name %v, want the Host header", sub["name"])
	}
}

func TestClientTraceConstructor(t *testing.T) {
	var nilCtx context.Context
	if ct, err := NewClientTrace(nilCtx); ct != nil || err == nil || err.Error() != "opCtx must be non-nil" {
		t.Errorf("NewClientTrace(nil) = %v, %v", ct, err)
	}

	// The trace works under any operation entity (the AWS SDK uses an
	// "attempt" subsegment) with an untraced transport.
	b, bclient := startBackend(t, false, func(w http.ResponseWriter, r *http.Request) {})
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	opCtx, op := BeginSubsegment(ctx, "attempt")
	ct, err := NewClientTrace(opCtx)
	if err != nil || ct.subsegments == nil || ct.httpTrace == nil {
		t.Fatalf("NewClientTrace: %v %+v", err, ct)
	}
	req, _ := http.NewRequestWithContext(httptraceContext(opCtx, ct), "GET", b.srv.URL+"/", nil)
	resp, err := bclient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	op.Close(nil)
	root.Close(nil)
	doc := rec.Recv(t, 1)[0]
	phases := childrenByName(t, childrenByName(t, doc)["attempt"])
	for _, name := range []string{"connect", "request", "response"} {
		if phases[name] == nil {
			t.Errorf("no %s under attempt: %v", name, phases)
		}
	}
	assertAllClosed(t, doc)
}

func TestClientRedirectGetsFreshHeader(t *testing.T) {
	b, bclient := startBackend(t, false, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, "moved here")
	})
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	_, resp, body, err := get(t, ctx, Client(bclient), b.srv.URL+"/old")
	if err != nil || resp.StatusCode != 200 || body != "moved here" {
		t.Fatalf("redirected GET: %v", err)
	}
	root.Close(nil)
	subs := subsegmentsOf(t, rec.Recv(t, 1)[0])
	seen := b.headers()
	if len(subs) != 2 || len(seen) != 2 {
		t.Fatalf("%d subsegments, %d requests", len(subs), len(seen))
	}
	ids := map[string]bool{str(t, subs[0], "id"): true, str(t, subs[1], "id"): true}
	statuses := map[float64]bool{}
	for _, s := range subs {
		_, r := httpBlock(t, s)
		statuses[r["status"].(float64)] = true
	}
	if !statuses[302] || !statuses[200] {
		t.Errorf("statuses %v", statuses)
	}
	for _, h := range seen {
		v := h.Get("X-Amzn-Trace-Id")
		if len(h["X-Amzn-Trace-Id"]) != 1 {
			t.Errorf("hop carried %d trace headers", len(h["X-Amzn-Trace-Id"]))
		}
		parent := v[strings.Index(v, "Parent=")+len("Parent=") : strings.Index(v, ";Sampled")]
		if !ids[parent] {
			t.Errorf("hop header %q names no subsegment", v)
		}
		delete(ids, parent)
	}
}
