package xray

import (
	"net"
	"testing"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttputil"
)

// Budget (issue 7): the fasthttp handler, sampled, <= 8 allocs over the
// untraced handler. BenchmarkFastHTTPHandler reports the bare handler
// ("untraced", 0 allocs) and the wrapped handler on requests sampled with
// and without an incoming trace header and not sampled. "sampled" takes 7:
// the segment (its context inside), the parsed incoming header (2: Header
// and its AdditionalData map), the per-request record, the copied request
// strings, the URL and the response header; without an incoming header the
// new trace id adds one.

func benchFastHTTPRequest(traceHeader string) *fasthttp.RequestCtx {
	var req fasthttp.Request
	req.SetRequestURI("/orders/42?expand=items")
	req.Header.SetHost("api.example.com")
	req.Header.SetMethod(fasthttp.MethodPost)
	req.Header.SetUserAgent("bench-client/1.0")
	if traceHeader != "" {
		req.Header.Set("X-Amzn-Trace-Id", traceHeader)
	}
	ctx := &fasthttp.RequestCtx{}
	ctx.Init(&req, &net.TCPAddr{IP: net.IPv4(192, 0, 2, 7), Port: 43121}, nil)
	return ctx
}

func benchFastHTTPHandler(ctx *fasthttp.RequestCtx) {
	ctx.SetContentType("text/plain")
	ctx.Response.Header.SetContentLength(5)
	ctx.SetBodyString("hello")
}

func BenchmarkFastHTTPHandler(b *testing.B) {
	const incoming = "Root=1-65a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
	run := func(b *testing.B, ctx *fasthttp.RequestCtx, h fasthttp.RequestHandler) {
		h(ctx) // warm fasthttp's reusable buffers
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			ctx.Response.Reset()
			h(ctx)
		}
	}
	namer := NewFixedSegmentNamer("api")
	b.Run("untraced", func(b *testing.B) {
		run(b, benchFastHTTPRequest(incoming), benchFastHTTPHandler)
	})
	b.Run("sampled", func(b *testing.B) {
		ctx, _ := newBenchRecorder(b)
		h := NewFastHTTPInstrumentor(GetRecorder(ctx)).Handler(namer, benchFastHTTPHandler)
		run(b, benchFastHTTPRequest(incoming), h)
	})
	b.Run("sampled_no_header", func(b *testing.B) {
		ctx, _ := newBenchRecorder(b)
		h := NewFastHTTPInstrumentor(GetRecorder(ctx)).Handler(namer, benchFastHTTPHandler)
		run(b, benchFastHTTPRequest(""), h)
	})
	b.Run("unsampled", func(b *testing.B) {
		cfg := GetRecorder(benchContext(b, discardEmitter{}, sampleNone{}))
		h := NewFastHTTPInstrumentor(cfg).Handler(namer, benchFastHTTPHandler)
		run(b, benchFastHTTPRequest(""), h)
	})
}

// BenchmarkFastHTTPServer measures whole exchanges between a fasthttp
// client and server over an in-memory listener.
func BenchmarkFastHTTPServer(b *testing.B) {
	serve := func(b *testing.B, h fasthttp.RequestHandler) {
		ln := fasthttputil.NewInmemoryListener()
		srv := newFastHTTPServer(h)
		done := make(chan struct{})
		go func() {
			defer close(done)
			_ = srv.Serve(ln)
		}()
		c := newFastHTTPClient("api.example.com", func(string) (net.Conn, error) { return ln.Dial() })
		req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
		req.SetRequestURI("http://api.example.com/orders/42")
		do := func() {
			if err := c.Do(req, resp); err != nil {
				b.Fatal(err)
			}
		}
		do()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			do()
		}
		b.StopTimer()
		fasthttp.ReleaseRequest(req)
		fasthttp.ReleaseResponse(resp)
		c.CloseIdleConnections()
		_ = srv.Shutdown()
		<-done
	}
	b.Run("untraced", func(b *testing.B) { serve(b, benchFastHTTPHandler) })
	b.Run("sampled", func(b *testing.B) {
		ctx, _ := newBenchRecorder(b)
		serve(b, NewFastHTTPInstrumentor(GetRecorder(ctx)).Handler(NewFixedSegmentNamer("api"), benchFastHTTPHandler))
	})
}
