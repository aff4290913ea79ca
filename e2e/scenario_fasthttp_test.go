package e2e

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/valyala/fasthttp"
)

// TestFastHTTPServer sends the segments of a fasthttp server instrumented
// with xray.NewFastHTTPInstrumentor, called by an instrumented net/http
// client: a 200 answer with a subsegment begun on the fasthttp context,
// and a 500 answer.
func TestFastHTTPServer(t *testing.T) {
	c := setup(t)

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	handler := xray.NewFastHTTPInstrumentor(nil).Handler(xray.NewFixedSegmentNamer("e2e-fasthttp"),
		func(ctx *fasthttp.RequestCtx) {
			if string(ctx.Path()) == "/fail" {
				ctx.SetStatusCode(fasthttp.StatusInternalServerError)
				return
			}
			_ = xray.Capture(ctx, "lookup", func(context.Context) error { return nil })
			ctx.SetBodyString("hello")
		})
	srv := &fasthttp.Server{Handler: handler}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	t.Cleanup(func() {
		_ = srv.Shutdown()
		<-served
	})

	transport := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(transport.CloseIdleConnections)
	client := xray.Client(&http.Client{Transport: transport})
	base := "http://" + lis.Addr().String()

	ctx, root := xray.BeginSegment(context.Background(), "e2e-fasthttp-client")
	traceID, _ := ids(root)
	for _, p := range []string{"/ok", "/fail"} {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	root.Close(nil)

	// root + 2 × (operation, connect, dial, request, response) + 2 server
	// segments + "lookup"
	spans := c.waitTrace(t, traceID, 1+2*5+2+1)
	ops := named(spans, lis.Addr().String())
	servers := named(spans, "e2e-fasthttp")
	if len(ops) != 2 || len(servers) != 2 {
		t.Fatalf("want 2 client subsegments and 2 server segments:\n%s", describe(spans))
	}
	for i, code := range []int64{200, 500} {
		sv := servers[i]
		if sv.ParentID != ops[i].SpanID {
			t.Errorf("server segment %d parent %s, want the client subsegment %s", i, sv.ParentID, ops[i].SpanID)
		}
		sv.wantAttr(t, "http.status_code", code)
		sv.wantAttr(t, "http.client_ip", "127.0.0.1")
		sv.wantAttr(t, "http.method", "GET")
	}
	if servers[0].Status != statusUnset || servers[1].Status != statusError {
		t.Errorf("server statuses %d, %d; want unset, error", servers[0].Status, servers[1].Status)
	}
	wantChild(t, servers[0], byName(t, spans, "lookup"))
}
