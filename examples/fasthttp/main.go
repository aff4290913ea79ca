// Command fasthttp serves fasthttp requests through the X-Ray fasthttp
// instrumentor, which gives every request a segment, and prints the
// documents the SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net"

	"github.com/valyala/fasthttp"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

func main() {
	printDocuments()

	// nil: use the process-wide configuration.
	fh := xray.NewFastHTTPInstrumentor(nil)
	handler := fh.Handler(xray.NewFixedSegmentNamer("pricing"), func(ctx *fasthttp.RequestCtx) {
		// The *fasthttp.RequestCtx is the context that holds the segment.
		_ = xray.AddAnnotation(ctx, "sku", string(ctx.QueryArgs().Peek("sku")))
		_ = xray.Capture(ctx, "apply-discounts", func(context.Context) error { return nil })
		ctx.SetContentType("application/json")
		ctx.SetBodyString(`{"price":19.99}`)
	})

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	srv := &fasthttp.Server{Handler: handler}
	go func() { _ = srv.Serve(lis) }()

	status, body, err := fasthttp.Get(nil, "http://"+lis.Addr().String()+"/price?sku=book-1")
	if err != nil {
		log.Fatal(err)
	}
	_ = srv.Shutdown() // waits for the handler, whose segment is sent
	fmt.Printf("GET /price: %d %s\n", status, body)
}

// printDocuments makes the SDK sample everything and print each document
// instead of sending it to the X-Ray daemon. In production leave Emitter
// unset: documents go to AWS_XRAY_DAEMON_ADDRESS (127.0.0.1:2000 by default).
func printDocuments() {
	all, err := sampling.NewLocalizedStrategyFromJSONBytes([]byte(`{"version": 2, "default": {"fixed_target": 1, "rate": 1.0}}`))
	if err == nil {
		err = xray.Configure(xray.Config{SamplingStrategy: all, Emitter: xray.NewDocumentEmitter(printDocument)})
	}
	if err != nil {
		log.Fatal(err)
	}
}

func printDocument(doc []byte) {
	var out bytes.Buffer
	_ = json.Indent(&out, doc, "", "  ")
	fmt.Printf("sent %s\n", out.Bytes())
}
