package main

import (
	"context"
	"net/http"
	"time"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// Shipping runs in AWS Lambda. Lambda records the function's segment
// itself; the runtime (aws-lambda-go) gives the handler a context carrying
// the trace header under "x-amzn-trace-id". Subsegments begun there hang off
// a facade for Lambda's segment and are sent on their own, so the trace
// shows them without their (absent) parent. The function tells the
// storefront about the shipment, whose segment joins the trace.

// ship is the function's handler.
func ship(ctx context.Context, orderID string) error {
	err := xray.Capture(ctx, "reserve-courier", func(ctx context.Context) error {
		_ = xray.AddAnnotation(ctx, "order", orderID)
		time.Sleep(2 * time.Millisecond)
		return nil
	})
	if err != nil {
		return err
	}
	base, err := storefrontURL()
	if err != nil {
		return err
	}
	return xray.Capture(ctx, "notify-storefront", func(ctx context.Context) error {
		return call(ctx, http.MethodPost, base+"/orders/"+orderID+"/shipped", http.StatusAccepted)
	})
}

// invokeLambda plays the Lambda runtime: one invocation of ship, sampled.
func invokeLambda(ctx context.Context) error {
	trace := header.Header{TraceID: xray.NewTraceID(), ParentID: xray.NewSegmentID(), SamplingDecision: header.Sampled}
	//lint:ignore SA1029 aws-lambda-go uses this plain string key
	ctx = context.WithValue(ctx, xray.LambdaTraceHeaderKey, trace.String())
	return ship(ctx, "o-1001")
}

func init() {
	routes.HandleFunc("POST /orders/{id}/shipped", func(w http.ResponseWriter, r *http.Request) {
		_ = xray.AddAnnotation(r.Context(), "order", r.PathValue("id"))
		w.WriteHeader(http.StatusAccepted)
	})

	scenarios = append(scenarios, scenario{name: "ship order (Lambda facade)", traces: 1, run: func(ctx context.Context) error {
		if _, err := storefrontURL(); err != nil {
			return err
		}
		return invokeLambda(ctx)
	}})
}
