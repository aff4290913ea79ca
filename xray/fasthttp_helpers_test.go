package xray

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/valyala/fasthttp"
)

// fasthttp's background goroutines (the server's idle-worker cleaner, the
// client's idle-connection cleaner) sleep for these durations between
// checks; short ones let them notice the shutdown before goleak looks.
const fasthttpIdle = 5 * time.Millisecond

// newFastHTTPServer returns a server for tests. NoDefaultDate: the Date
// header would start a process-wide goroutine that never ends (goleak).
func newFastHTTPServer(h fasthttp.RequestHandler) *fasthttp.Server {
	return &fasthttp.Server{Handler: h, MaxIdleWorkerDuration: fasthttpIdle, NoDefaultDate: true}
}

// newFastHTTPClient returns a client for tests; a nil dial dials TCP with
// net.Dialer (fasthttp's default dialer keeps a process-wide goroutine).
func newFastHTTPClient(addr string, dial fasthttp.DialFunc) *fasthttp.HostClient {
	if dial == nil {
		dial = func(addr string) (net.Conn, error) { return (&net.Dialer{}).Dial("tcp", addr) }
	}
	return &fasthttp.HostClient{Addr: addr, Dial: dial, MaxIdleConnDuration: fasthttpIdle}
}

// fasthttpFixture is a real fasthttp server on a TCP loopback listener,
// serving an instrumented handler, and a client for it.
type fasthttpFixture struct {
	addr   string
	client *fasthttp.HostClient
	rec    *testRecorder
	cfg    *Config
	logs   *printfLog
}

// printfLog collects what the server logs through ctx.Logger().
type printfLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *printfLog) Printf(format string, args ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

func (l *printfLog) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// newFastHTTPFixture serves h wrapped by NewFastHTTPInstrumentor(cfg) (the
// fixture's recorder when cfg is nil) with namer sn.
func newFastHTTPFixture(t *testing.T, network, listen string, cfg *Config, sn SegmentNamer, h fasthttp.RequestHandler) *fasthttpFixture {
	t.Helper()
	f := &fasthttpFixture{logs: &printfLog{}}
	var ctx context.Context
	ctx, f.rec = newTestRecorder(t)
	f.cfg = cfg
	if f.cfg == nil {
		f.cfg = GetRecorder(ctx)
	}
	ln, err := net.Listen(network, listen)
	if err != nil {
		t.Skipf("cannot listen on %s %s: %v", network, listen, err)
	}
	srv := newFastHTTPServer(NewFastHTTPInstrumentor(f.cfg).Handler(sn, h))
	srv.Logger = f.logs
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln)
	}()
	f.addr = ln.Addr().String()
	f.client = newFastHTTPClient(f.addr, nil)
	t.Cleanup(func() {
		f.client.CloseIdleConnections()
		_ = srv.Shutdown()
		<-served
	})
	return f
}

// do sends a request built by build and returns the response's status,
// body and X-Amzn-Trace-Id header.
func (f *fasthttpFixture) do(t *testing.T, build func(req *fasthttp.Request)) (status int, body, traceHeader string) {
	t.Helper()
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI("http://" + f.addr + "/")
	if build != nil {
		build(req)
	}
	if err := f.client.DoTimeout(req, resp, recvTimeout); err != nil {
		t.Fatalf("request: %v", err)
	}
	return resp.StatusCode(), string(resp.Body()), string(resp.Header.Peek("X-Amzn-Trace-Id"))
}
