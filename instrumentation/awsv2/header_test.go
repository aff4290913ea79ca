package awsv2

import (
	"context"
	"testing"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

type fixedSampling struct{ d sampling.Decision }

func (f *fixedSampling) ShouldTrace(*sampling.Request) *sampling.Decision { return &f.d }

// TestTraceHeaderValueMatchesDownstreamHeader pins the shortcut to the
// SDK's own header for every kind of root.
func TestTraceHeaderValueMatchesDownstreamHeader(t *testing.T) {
	for _, sampled := range []bool{true, false} {
		ctx, err := xray.ContextWithConfig(context.Background(), xray.Config{
			SamplingStrategy: &fixedSampling{sampling.Decision{Sample: sampled}},
			Emitter:          discard{},
		})
		if err != nil {
			t.Fatal(err)
		}
		roots := map[string]func() (context.Context, *xray.Segment){
			"plain": func() (context.Context, *xray.Segment) { return xray.BeginSegment(ctx, "r") },
			"incoming": func() (context.Context, *xray.Segment) {
				return xray.NewSegmentFromHeader(ctx, "r", nil, header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
			},
			"extra": func() (context.Context, *xray.Segment) {
				return xray.NewSegmentFromHeader(ctx, "r", nil, header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1;Lineage=a:1;Foo=bar"))
			},
			"no trace id": func() (context.Context, *xray.Segment) {
				return xray.NewSegmentFromHeader(ctx, "r", nil, header.FromString("Parent=53995c3f42cd8ad8"))
			},
		}
		for name, begin := range roots {
			rctx, root := begin()
			_, sub := xray.BeginSubsegment(rctx, "DynamoDB")
			if got, want := traceHeaderValue(sub), sub.DownstreamHeader().String(); got != want {
				t.Errorf("%s (sampled %v): %q, want %q", name, sampled, got, want)
			}
			sub.Close(nil)
			root.Close(nil)
		}
	}
}
