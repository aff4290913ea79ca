package xray_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// printEmitter prints what would be sent. Emit runs with the entity
// locked, so it reads the fields directly.
type printEmitter struct{}

func (printEmitter) Emit(seg *xray.Segment) {
	keys := make([]string, 0, len(seg.Annotations))
	for k := range seg.Annotations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Printf("sent %s (fault: %v, annotations: %v)\n", seg.Name, seg.Fault, keys)
}

func (printEmitter) RefreshEmitterWithAddress(*net.UDPAddr) {}

// always samples every request.
type always struct{}

func (always) ShouldTrace(*sampling.Request) *sampling.Decision {
	return &sampling.Decision{Sample: true}
}

// exampleContext returns a context whose segments are always sampled and
// printed instead of being sent to a daemon.
func exampleContext() context.Context {
	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{Emitter: printEmitter{}, SamplingStrategy: always{}})
	return ctx
}

func ExampleBeginSegment() {
	ctx, seg := xray.BeginSegment(exampleContext(), "orders")
	_ = xray.AddAnnotation(ctx, "customer", "c-42")

	_, sub := xray.BeginSubsegment(ctx, "load-cart")
	sub.Close(errors.New("cart not found"))

	// Closing the segment sends it, with its finished subsegments.
	seg.Close(nil)
	// Output:
	// sent orders (fault: false, annotations: [customer])
}

func ExampleCapture() {
	ctx, seg := xray.BeginSegment(exampleContext(), "checkout")
	err := xray.Capture(ctx, "charge-card", func(ctx context.Context) error {
		_ = xray.AddAnnotation(ctx, "amount", 42)
		return errors.New("card declined")
	})
	fmt.Println("Capture returned:", err)
	seg.Close(nil)
	// Output:
	// Capture returned: card declined
	// sent checkout (fault: false, annotations: [])
}

func ExampleNewSegmentFromHeader() {
	incoming := header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
	ctx, seg := xray.NewSegmentFromHeader(exampleContext(), "server", nil, incoming)
	_, call := xray.BeginSubsegment(ctx, "downstream")

	// The header to send with the downstream call.
	h := call.DownstreamHeader()
	fmt.Println(h.TraceID, h.ParentID == call.ID, h.SamplingDecision)
	call.Close(nil)
	seg.Close(nil)
	// Output:
	// 1-5759e988-bd862e3fe1be46a994272793 true Sampled=1
	// sent server (fault: false, annotations: [])
}

func ExampleBeginSubsegmentWithoutSampling() {
	ctx, seg := xray.BeginSegment(exampleContext(), "poller")
	// Calls made on behalf of tracing itself stay out of the trace.
	_, quiet := xray.BeginSubsegmentWithoutSampling(ctx, "fetch-sampling-rules")
	fmt.Println(quiet.DownstreamHeader().SamplingDecision)
	quiet.Close(nil)
	seg.Close(nil)
	// Output:
	// Sampled=0
	// sent poller (fault: false, annotations: [])
}

func ExampleBeginFacadeSegment() {
	// In AWS Lambda the runtime puts the trace header into the handler's
	// context; subsegments begun there hang off a facade for the
	// function's segment, which Lambda itself sends.
	//lint:ignore SA1029 the Lambda runtime uses this plain string key
	lambdaCtx := context.WithValue(exampleContext(), xray.LambdaTraceHeaderKey,
		"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
	_, sub := xray.BeginSubsegment(lambdaCtx, "handle-event")
	sub.Close(nil)
	fmt.Println(sub.ParentID, sub.Type)
	// Output:
	// sent handle-event (fault: false, annotations: [])
	// 53995c3f42cd8ad8 subsegment
}

func ExampleConfigure() {
	// Typically in main: send to a daemon elsewhere and tag segments
	// with the service version.
	if err := xray.Configure(xray.Config{DaemonAddr: "xray-daemon:2000", ServiceVersion: "1.2.3"}); err != nil {
		fmt.Println("bad daemon address:", err)
	}
}
