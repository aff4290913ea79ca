// Command oversampling shows oversampling mitigation: a batch job's segment
// is sampled, but the per-message subsegments of its hot loop are begun with
// BeginSubsegmentWithoutSampling, so neither they nor the calls made inside
// them are recorded, and the downstream header says "Sampled=0". It prints
// the documents the SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

func main() {
	printDocuments()

	ctx, seg := xray.BeginSegment(context.Background(), "batch-job")
	_ = xray.AddAnnotation(ctx, "messages", 1000)
	for i := 0; i < 1000; i++ {
		msgCtx, sub := xray.BeginSubsegmentWithoutSampling(ctx, "process-message")
		// Calls made with msgCtx are not recorded either, and services
		// called with its header do not sample the request.
		_ = xray.Capture(msgCtx, "parse", func(context.Context) error { return nil })
		if i == 0 {
			fmt.Println("downstream header:", sub.DownstreamHeader().String())
		}
		sub.Close(nil)
	}
	// The rest of the job is recorded as usual.
	_ = xray.Capture(ctx, "summarise", func(context.Context) error { return nil })
	seg.Close(nil) // one small document: batch-job with "summarise"
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
