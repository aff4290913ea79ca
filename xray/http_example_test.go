package xray_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// httpSummary is what the examples' emitter reports of a sent segment.
type httpSummary struct {
	name, method, url string
	status            int
	fault             bool
}

// chanEmitter hands a summary of every sent segment to a channel (segments
// are sent on the server's goroutines). Emit runs with the entity locked,
// so it reads the fields directly.
type chanEmitter chan httpSummary

func (c chanEmitter) Emit(seg *xray.Segment) {
	s := httpSummary{name: seg.Name, fault: seg.Fault}
	if seg.HTTP != nil && seg.HTTP.Request != nil {
		s.method, s.url = seg.HTTP.Request.Method, seg.HTTP.Request.URL
	}
	if seg.HTTP != nil && seg.HTTP.Response != nil {
		s.status = seg.HTTP.Response.Status
	}
	c <- s
}

func (chanEmitter) RefreshEmitterWithAddress(*net.UDPAddr) {}

type sampleEverything struct{}

func (sampleEverything) ShouldTrace(*sampling.Request) *sampling.Decision {
	return &sampling.Decision{Sample: true}
}

func ExampleHandler() {
	sent := make(chanEmitter, 1)
	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{Emitter: sent, SamplingStrategy: sampleEverything{}})

	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		// The request's segment is in its context.
		_ = xray.AddAnnotation(r.Context(), "user", "gopher")
		fmt.Fprintln(w, "hello")
	})
	srv := httptest.NewUnstartedServer(xray.Handler(xray.NewFixedSegmentNamer("hello-service"), mux))
	// Handler uses the recorder configuration of the request's context.
	srv.Config.BaseContext = func(net.Listener) context.Context { return ctx }
	srv.Start()
	defer srv.Close()

	resp, err := srv.Client().Get(srv.URL + "/hello?name=x")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println("trace header:", strings.HasPrefix(resp.Header.Get("X-Amzn-Trace-Id"), "Root=1-"))
	s := <-sent
	fmt.Println(s.name, s.method, strings.Replace(s.url, srv.Listener.Addr().String(), "HOST", 1), s.status)
	// Output:
	// trace header: true
	// hello-service GET http://HOST/hello 200
}

func ExampleClient() {
	sent := make(chanEmitter, 1)
	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{Emitter: sent, SamplingStrategy: sampleEverything{}})

	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("X-Amzn-Trace-Id")
		fmt.Println("backend got a trace header:", strings.HasPrefix(h, "Root=1-") && strings.Contains(h, ";Parent=") && strings.HasSuffix(h, ";Sampled=1"))
		io.WriteString(w, "ok")
	}))
	defer backend.Close()

	ctx, seg := xray.BeginSegment(ctx, "caller")
	client := xray.Client(backend.Client())
	req, _ := http.NewRequestWithContext(ctx, "GET", backend.URL+"/items?page=2", nil)
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	seg.Close(nil)
	fmt.Println("sent", (<-sent).name)
	// Output:
	// backend got a trace header: true
	// sent caller
}

func ExampleNewDynamicSegmentNamer() {
	namer := xray.NewDynamicSegmentNamer("my-service", "*.example.com")
	fmt.Println(namer.Name("api.example.com"))
	fmt.Println(namer.Name("10.0.0.7:8080"))
	// Output:
	// api.example.com
	// my-service
}

func ExampleRoundTripper() {
	// Trace the requests of an existing client by wrapping its transport.
	client := &http.Client{Transport: xray.RoundTripper(http.DefaultTransport)}
	_ = client
}
