// Command lambda shows tracing inside an AWS Lambda function. Lambda itself
// records the function's segment; the runtime hands the handler a context
// carrying the trace header, and the subsegments begun there are sent on
// their own, as children of Lambda's segment. Here main plays the runtime.
// It prints the documents the SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// Order is the function's event.
type Order struct {
	ID    string  `json:"id"`
	Total float64 `json:"total"`
}

// handle is the function's handler, as passed to lambda.Start.
func handle(ctx context.Context, order Order) error {
	// There is no segment to annotate in ctx: begin subsegments.
	err := xray.Capture(ctx, "validate", func(ctx context.Context) error {
		_ = xray.AddAnnotation(ctx, "order", order.ID)
		if order.Total <= 0 {
			return errors.New("empty order")
		}
		return nil
	})
	if err != nil {
		return err
	}
	return xray.Capture(ctx, "store", func(ctx context.Context) error {
		return xray.Capture(ctx, "serialize", func(context.Context) error { return nil })
	})
}

func main() {
	printDocuments()

	// What aws-lambda-go does for every invocation: the trace header of
	// Lambda's segment goes into the context under "x-amzn-trace-id".
	invocation := header.Header{TraceID: xray.NewTraceID(), ParentID: xray.NewSegmentID(), SamplingDecision: header.Sampled}
	//lint:ignore SA1029 aws-lambda-go uses this plain string key
	ctx := context.WithValue(context.Background(), xray.LambdaTraceHeaderKey, invocation.String())

	fmt.Println("invoked with", invocation.String())
	fmt.Println("handler returned:", handle(ctx, Order{ID: "o-42", Total: 19.99}))
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
