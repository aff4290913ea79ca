// Command httpserver serves HTTP with xray.Handler, which gives every
// request a segment, and prints the documents the SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

func main() {
	printDocuments()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		// The request's segment is in its context.
		ctx := r.Context()
		_ = xray.AddAnnotation(ctx, "user", r.URL.Query().Get("name"))
		_ = xray.Capture(ctx, "render", func(context.Context) error {
			_, err := io.WriteString(w, "hello\n")
			return err
		})
	})
	mux.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "out of order", http.StatusInternalServerError) // 5xx: fault
	})

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: xray.Handler(xray.NewFixedSegmentNamer("hello-service"), mux)}
	go func() { _ = srv.Serve(lis) }()

	// Two requests from an untraced client. A caller that sends an
	// X-Amzn-Trace-Id header makes the segment part of its trace instead.
	for _, path := range []string{"/hello?name=gopher", "/broken"} {
		resp, err := http.Get("http://" + lis.Addr().String() + path)
		if err != nil {
			log.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		fmt.Printf("GET %s: %d, X-Amzn-Trace-Id: %s\n", path, resp.StatusCode, resp.Header.Get("X-Amzn-Trace-Id"))
	}
	_ = srv.Shutdown(context.Background()) // waits for the handlers, whose segments are sent
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
