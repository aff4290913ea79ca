package xray_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// w3cDiscard is an emitter that sends nothing.
type w3cDiscard struct{}

func (w3cDiscard) Emit(*xray.Segment)                     {}
func (w3cDiscard) RefreshEmitterWithAddress(*net.UDPAddr) {}

// A server continues the trace of a caller that speaks W3C Trace Context
// only (an OpenTelemetry-instrumented service, say): with the interop on,
// a request with a traceparent and no X-Amzn-Trace-Id joins that trace.
// (AWS_XRAY_W3C_TRACE_CONTEXT=true does the same without code.)
func ExampleSetW3CTraceContext() {
	restore := xray.SetW3CTraceContext(true)
	defer restore()

	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{
		Emitter: w3cDiscard{}, SamplingStrategy: sampleEverything{},
	})
	h := xray.HandlerWithContext(ctx, xray.NewFixedSegmentNamer("orders"),
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seg := xray.GetSegment(r.Context())
			fmt.Println("trace id: ", seg.TraceID)
			fmt.Println("parent id:", seg.ParentID)
			fmt.Println("sampled:  ", seg.Sampled)
		}))

	req := httptest.NewRequest(http.MethodGet, "http://orders.example.com/orders", nil)
	req.Header.Set("traceparent", "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println("answer:   ", rec.Header().Get("X-Amzn-Trace-Id"))
	// Output:
	// trace id:  1-5759e988-bd862e3fe1be46a994272793
	// parent id: 53995c3f42cd8ad8
	// sampled:   true
	// answer:    Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1
}

// With the interop on, traced HTTP clients send a traceparent next to
// X-Amzn-Trace-Id; both name the client's subsegment as the parent.
func ExampleSetW3CTraceContext_client() {
	restore := xray.SetW3CTraceContext(true)
	defer restore()

	downstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tp := r.Header.Get("traceparent")
		amzn := header.FromString(r.Header.Get("X-Amzn-Trace-Id"))
		fmt.Println("traceparent trace id:", tp[3:35])
		fmt.Println("same parent:", tp[36:52] == amzn.ParentID, "flags:", tp[53:])
	}))
	defer downstream.Close()

	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{
		Emitter: w3cDiscard{}, SamplingStrategy: sampleEverything{},
	})
	ctx, seg := xray.NewSegmentFromHeader(ctx, "checkout", nil,
		header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"))
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, downstream.URL, nil)
	resp, err := xray.Client(downstream.Client()).Do(req)
	if err == nil {
		resp.Body.Close()
	}
	seg.Close(nil)
	// Output:
	// traceparent trace id: 5759e988bd862e3fe1be46a994272793
	// same parent: true flags: 01
}

// DownstreamTraceparent is there for transports the SDK does not
// instrument, such as message attributes.
func ExampleSegment_DownstreamTraceparent() {
	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{
		Emitter: w3cDiscard{}, SamplingStrategy: sampleEverything{},
	})
	ctx, seg := xray.NewSegmentFromHeader(ctx, "producer", nil,
		header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
	_, send := xray.BeginSubsegment(ctx, "send")

	attributes := map[string]string{"traceparent": send.DownstreamTraceparent()}
	tp := attributes["traceparent"]
	fmt.Println(strings.HasPrefix(tp, "00-5759e988bd862e3fe1be46a994272793-"), tp[36:52] == send.ID, tp[53:])

	send.Close(nil)
	seg.Close(nil)
	// Output:
	// true true 01
}
