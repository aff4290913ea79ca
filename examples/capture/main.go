// Command capture traces a piece of work with BeginSegment, Capture,
// annotations and metadata, and prints the segment document the SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

func main() {
	printDocuments()

	ctx, seg := xray.BeginSegment(context.Background(), "checkout")
	_ = xray.AddAnnotation(ctx, "customer", "c-42") // indexed: searchable in the console
	_ = xray.AddMetadata(ctx, "cart", map[string]int{"items": 3})

	// Each Capture is a subsegment of the segment in ctx.
	_ = xray.Capture(ctx, "load-cart", func(ctx context.Context) error {
		return xray.Capture(ctx, "price-items", func(context.Context) error { return nil })
	})
	// A returned error marks the subsegment as a fault and becomes its cause.
	err := xray.Capture(ctx, "charge-card", func(context.Context) error {
		return errors.New("card declined")
	})
	fmt.Println("charge-card returned:", err)

	seg.Close(nil) // sends the segment with its subsegments
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
