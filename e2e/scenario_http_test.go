package e2e

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// TestHTTPServerAndClient sends the documents of an instrumented client
// calling an instrumented server on loopback: answers 200, 404, 500 and
// 429 and a handler that panics. The server's segments must join the
// client's trace as children of the client's subsegments.
func TestHTTPServerAndClient(t *testing.T) {
	c := setup(t)

	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		_ = xray.AddAnnotation(r.Context(), "handler", "ok")
		_ = xray.Capture(r.Context(), "render", func(context.Context) error { return nil })
		_, _ = io.WriteString(w, "hello")
	})
	for path, code := range map[string]int{"/missing": 404, "/boom": 500, "/busy": 429} {
		code := code
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) })
	}
	mux.HandleFunc("/panic", func(http.ResponseWriter, *http.Request) { panic("handler exploded") })
	srv := httptest.NewUnstartedServer(xray.Handler(xray.NewFixedSegmentNamer("e2e-http-server"), mux))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the panic's report
	srv.Start()
	t.Cleanup(srv.Close)

	// No keep-alive: every request dials, so each client subsegment has the
	// same shape (connect and dial, request, response).
	transport := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(transport.CloseIdleConnections)
	client := xray.Client(&http.Client{Transport: transport})

	ctx, root := xray.BeginSegment(context.Background(), "e2e-http-client")
	traceID, _ := ids(root)
	paths := []string{"/ok", "/missing", "/boom", "/busy", "/panic"}
	for _, p := range paths {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p == "/busy" { // as if behind a proxy
			req.Header.Set("X-Forwarded-For", "203.0.113.9, 10.0.0.1")
		}
		resp, err := client.Do(req)
		if p == "/panic" {
			if err == nil {
				resp.Body.Close()
				t.Fatal("the panicking handler answered")
			}
			continue
		}
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	root.Close(nil)

	// root + 5 × (operation, connect, dial, request, response) + 5 server
	// segments + the server's "render" subsegment.
	spans := c.waitTrace(t, traceID, 1+5*5+5+1)
	r := byName(t, spans, "e2e-http-client")
	host := strings.TrimPrefix(srv.URL, "http://")
	ops := map[string]span{}
	for _, op := range named(spans, host) {
		url, _ := op.attr(t, "http.url").(string)
		ops[strings.TrimPrefix(url, srv.URL)] = op
	}
	servers := map[string]span{}
	for _, s := range named(spans, "e2e-http-server") {
		url, _ := s.attr(t, "http.url").(string)
		servers[strings.TrimPrefix(url, "http://"+host)] = s
	}
	want := map[string]struct {
		status int64
		otel   int
	}{"/ok": {200, statusUnset}, "/missing": {404, statusError}, "/boom": {500, statusError}, "/busy": {429, statusError}}

	for _, p := range paths {
		op, ok := ops[p]
		if !ok {
			t.Fatalf("no client subsegment for %s:\n%s", p, describe(spans))
		}
		wantChild(t, r, op)
		if op.Kind != kindClient {
			t.Errorf("%s: client subsegment kind %d, want client", p, op.Kind)
		}
		op.wantAttr(t, "http.method", "GET")
		var children []span // the server's segment is a child too
		for _, ch := range childrenOf(spans, op) {
			if ch.Name != "e2e-http-server" {
				children = append(children, ch)
			}
		}
		if got := joinNames(children); got != "connect,request,response" {
			t.Errorf("%s: client subsegment children %s, want connect,request,response", p, got)
		}
		for _, ch := range children {
			wantChild(t, op, ch)
			if ch.Name == "connect" {
				dial := childrenOf(spans, ch)
				if len(dial) != 1 || dial[0].Name != "dial" {
					t.Errorf("%s: connect children %s, want dial", p, joinNames(dial))
				}
			}
		}

		srvSpan, ok := servers[p]
		if !ok {
			t.Fatalf("no server segment for %s:\n%s", p, describe(spans))
		}
		if srvSpan.ParentID != op.SpanID {
			t.Errorf("%s: server segment parent %s, want the client subsegment %s", p, srvSpan.ParentID, op.SpanID)
		}
		if srvSpan.Kind != kindServer {
			t.Errorf("%s: server segment kind %d", p, srvSpan.Kind)
		}
		srvSpan.wantAttr(t, "http.method", "GET")
		if p == "/busy" {
			srvSpan.wantAttr(t, "http.client_ip", "203.0.113.9")
			srvSpan.wantAttr(t, "aws.xray.x_forwarded_for", true)
		} else {
			srvSpan.wantAttr(t, "http.client_ip", "127.0.0.1")
		}
		srvSpan.wantAttr(t, "http.user_agent", "Go-http-client/1.1")

		if p == "/panic" {
			wantException(t, srvSpan, "panic", "handler exploded")
			if op.Status != statusError || len(op.Events) == 0 {
				t.Errorf("/panic: client subsegment status %d events %v, want the transport error", op.Status, op.Events)
			}
			continue
		}
		w := want[p]
		op.wantAttr(t, "http.status_code", w.status)
		srvSpan.wantAttr(t, "http.status_code", w.status)
		if op.Status != w.otel || srvSpan.Status != w.otel {
			t.Errorf("%s: status client %d server %d, want %d", p, op.Status, srvSpan.Status, w.otel)
		}
	}
	okSrv := servers["/ok"]
	okSrv.wantAttr(t, "handler", "ok")
	wantChild(t, okSrv, byName(t, spans, "render"))
}

// childrenOf returns the spans whose parent is p.
func childrenOf(spans []span, p span) []span {
	var out []span
	for _, s := range spans {
		if s.ParentID == p.SpanID {
			out = append(out, s)
		}
	}
	return out
}

// joinNames returns the names of spans in order, comma-separated.
func joinNames(spans []span) string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.Name
	}
	return strings.Join(out, ",")
}
