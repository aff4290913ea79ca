package xray_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/valyala/fasthttp"
)

// Tracing a fasthttp server: every request gets a segment, and the
// *fasthttp.RequestCtx is the context to begin subsegments in.
func ExampleNewFastHTTPInstrumentor() {
	fh := xray.NewFastHTTPInstrumentor(xray.GetRecorder(exampleContext()))
	handler := fh.Handler(xray.NewFixedSegmentNamer("orders"), func(ctx *fasthttp.RequestCtx) {
		_ = xray.Capture(ctx, "lookup", func(context.Context) error { return nil })
		_ = xray.AddAnnotation(ctx, "order", 42)
		ctx.SetBodyString("ok")
	})

	// In a program: fasthttp.ListenAndServe(":8080", handler). Here one
	// request is served directly.
	var req fasthttp.Request
	req.SetRequestURI("http://orders.example.com/orders/42")
	var ctx fasthttp.RequestCtx
	ctx.Init(&req, nil, nil)
	handler(&ctx)

	traceID := string(ctx.Response.Header.Peek("X-Amzn-Trace-Id"))
	fmt.Println(ctx.Response.StatusCode(), strings.HasPrefix(traceID, "Root=1-"))
	// Output:
	// sent orders (fault: false, annotations: [order])
	// 200 true
}
