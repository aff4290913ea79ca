package main

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// scenario is one traced piece of the demo application.
type scenario struct {
	name   string
	traces int // root segments it produces
	run    func(ctx context.Context) error
}

// scenarios run in order; integration files append theirs in init.
var scenarios = []scenario{
	{name: "checkout (Capture)", traces: 1, run: checkout},
	{name: "oversampling mitigation", traces: 1, run: oversampling},
}

// checkout is a request handled by plain Capture calls: one step succeeds,
// one fails, and the segment carries annotations and metadata.
func checkout(ctx context.Context) error {
	ctx, seg := xray.BeginSegment(ctx, "checkout")
	defer seg.Close(nil)
	_ = xray.AddAnnotation(ctx, "customer", "c-42")
	_ = xray.AddMetadata(ctx, "cart", map[string]int{"items": 3})
	_ = xray.Capture(ctx, "load-cart", func(ctx context.Context) error {
		time.Sleep(3 * time.Millisecond)
		return xray.Capture(ctx, "price-items", func(context.Context) error {
			time.Sleep(2 * time.Millisecond)
			return nil
		})
	})
	_ = xray.Capture(ctx, "charge-card", func(context.Context) error {
		time.Sleep(4 * time.Millisecond)
		return errors.New("card declined")
	})
	return nil
}

// oversampling shows BeginSubsegmentWithoutSampling: the hot loop's
// subsegments are not recorded, the segment around them is.
func oversampling(ctx context.Context) error {
	ctx, seg := xray.BeginSegment(ctx, "batch-job")
	defer seg.Close(nil)
	for i := 0; i < 100; i++ {
		_, sub := xray.BeginSubsegmentWithoutSampling(ctx, "per-item")
		sub.Close(nil)
	}
	return xray.Capture(ctx, "summarise", func(context.Context) error {
		time.Sleep(time.Millisecond)
		return nil
	})
}
