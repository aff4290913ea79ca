package awsv2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/aws/aws-xray-sdk-go/internal/awsfake"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// maxExtraAllocs bounds the allocations tracing adds to a sampled DynamoDB
// GetItem (its subsegment, aws block and trace header, and sending them),
// counted process-wide with the fake endpoint in the process. The figure
// is a regression guard; see BenchmarkGetItem for the measurement.
const maxExtraAllocs = 25

func TestGetItemAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	if testing.Short() {
		t.Skip("measures")
	}
	srv, d := awsfake.New(t), newDaemon(t)
	sampled := d.context(t, sampleAll, nil)
	o := newClientOptions(t, srv, 1)
	plain := dynamodb.New(dynamodb.Options{
		Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint,
		HTTPClient: o.HTTPClient, Retryer: o.Retryer,
	})
	traced := newDynamoDB(t, srv, 1)
	measure := func(db *dynamodb.Client) float64 {
		return testing.AllocsPerRun(300, func() {
			ctx, seg := xray.BeginSegment(sampled, "allocs")
			if err := getItem(ctx, db, "orders"); err != nil {
				t.Fatal(err)
			}
			seg.Close(nil)
		})
	}
	base, withTracing := measure(plain), measure(traced)
	t.Logf("GetItem in a sampled segment: %.0f allocations untraced, %.0f traced (+%.0f)", base, withTracing, withTracing-base)
	if extra := withTracing - base; extra > maxExtraAllocs {
		t.Errorf("tracing adds %.0f allocations, want at most %d", extra, maxExtraAllocs)
	}
}
