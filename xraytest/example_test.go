package xraytest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraylog"
	"github.com/aws/aws-xray-sdk-go/xraytest"
)

// In a test, `ctx, rec := xraytest.NewRecorder(t)` does the setup shown
// here and `rec.WaitSegment(t, "checkout")` the waiting; an example has no
// *testing.T, so it wires a zero Recorder by hand.
func Example() {
	rec := &xraytest.Recorder{}
	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{
		Emitter:          rec,
		SamplingStrategy: xraytest.SampleAll(),
	})

	// The code under test.
	ctx, seg := xray.BeginSegment(ctx, "checkout")
	_ = xray.AddAnnotation(ctx, "customer", "c-42")
	_ = xray.AddMetadata(ctx, "items", 3)
	_ = xray.Capture(ctx, "load-cart", func(context.Context) error {
		return errors.New("cart not found")
	})
	seg.Close(nil)

	if err := rec.WaitFor(1, time.Second); err != nil {
		fmt.Println(err)
		return
	}
	got := rec.Segments()[0]
	fmt.Println(got.Name, got.Annotations["customer"], got.Metadata["default"]["items"])
	cart := got.Subsegment("load-cart")
	fmt.Println(cart.Name, cart.Fault, cart.Exceptions()[0].Message)
	// Output:
	// checkout c-42 3
	// load-cart true cart not found
}

func ExampleRecorder_Subsegments() {
	rec := &xraytest.Recorder{}
	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{Emitter: rec, SamplingStrategy: xraytest.SampleAll()})

	ctx, seg := xray.BeginSegment(ctx, "handler")
	for _, name := range []string{"auth", "query", "render"} {
		_ = xray.Capture(ctx, name, func(ctx context.Context) error {
			_, inner := xray.BeginSubsegment(ctx, name+"-step")
			inner.Close(nil)
			return nil
		})
	}
	seg.Close(nil)

	for _, s := range rec.Subsegments() {
		fmt.Println(s.Name)
	}
	fmt.Println(len(rec.SubsegmentsNamed("query-step")))
	// Output:
	// auth
	// auth-step
	// query
	// query-step
	// render
	// render-step
	// 1
}

func ExampleSampleNone() {
	rec := &xraytest.Recorder{}
	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{Emitter: rec, SamplingStrategy: xraytest.SampleNone()})

	_, seg := xray.BeginSegment(ctx, "not-sampled")
	seg.Close(nil)

	// The tree was not sampled, so nothing was sent.
	fmt.Println(rec.Len())
	// Output:
	// 0
}

func ExampleListenDaemon() {
	// Keep the SDK's INFO lines (such as the emitter's address) out of the
	// example's output.
	xray.SetLogger(xraylog.NewDefaultLogger(os.Stderr, xraylog.LogLevelWarn))

	d, err := xraytest.ListenDaemon()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Close()

	// The segments of ctx go through a real DefaultEmitter and UDP socket.
	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{
		DaemonAddr:       d.Addr().String(),
		SamplingStrategy: xraytest.SampleAll(),
	})
	_, seg := xray.BeginSegment(ctx, "over-udp")
	seg.Close(nil)

	if err := d.WaitFor(1, 5*time.Second); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Segments()[0].Name)
	// Output:
	// over-udp
}
