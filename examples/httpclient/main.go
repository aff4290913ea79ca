// Command httpclient calls an HTTP service with a client wrapped by
// xray.Client: each request is a subsegment, and the service receives the
// trace header. It prints the documents the SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

func main() {
	printDocuments()

	// A local stand-in for the service being called.
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("backend received X-Amzn-Trace-Id:", r.Header.Get("X-Amzn-Trace-Id"))
		if r.URL.Path == "/busy" {
			w.WriteHeader(http.StatusTooManyRequests) // 429: error and throttle
			return
		}
		_, _ = io.WriteString(w, `{"items":[]}`)
	}))
	defer backend.Close()

	client := xray.Client(&http.Client{Timeout: 5 * time.Second})

	ctx, seg := xray.BeginSegment(context.Background(), "catalog-job")
	for _, path := range []string{"/items?page=2", "/busy"} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, backend.URL+path, nil)
		resp, err := client.Do(req) // the request must carry the segment's context
		if err != nil {
			log.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		fmt.Printf("GET %s: %d\n", path, resp.StatusCode)
	}
	seg.Close(nil)
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
