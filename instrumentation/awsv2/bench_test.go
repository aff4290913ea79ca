package awsv2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"github.com/aws/aws-xray-sdk-go/internal/awsfake"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// BenchmarkGetItem measures a DynamoDB GetItem against the local fake
// endpoint:
//
//   - Untraced: a client without the middleware, no segment;
//   - UntracedInSegment: the same call inside a sampled segment that is
//     begun, closed and sent to a local UDP daemon every iteration;
//   - Traced: as UntracedInSegment with the middleware, so the call's
//     subsegment (aws block with whitelisted fields) is recorded and sent
//     with the segment.
//
// Traced minus UntracedInSegment is the cost of the instrumentation.
func BenchmarkGetItem(b *testing.B) {
	srv, d := awsfake.New(b), newDaemon(b)
	sampled := d.context(b, sampleAll, nil)

	plain := func(b *testing.B) *dynamodb.Client {
		o := newClientOptions(b, srv, 1)
		o.APIOptions = []func(*middleware.Stack) error{}
		return dynamodb.New(dynamodb.Options{
			Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint,
			HTTPClient: o.HTTPClient, Retryer: o.Retryer, APIOptions: o.APIOptions,
		})
	}
	run := func(b *testing.B, db *dynamodb.Client, inSegment bool) {
		b.ReportAllocs()
		for b.Loop() {
			ctx := context.Background()
			var seg *xray.Segment
			if inSegment {
				ctx, seg = xray.BeginSegment(sampled, "bench")
			}
			if err := getItem(ctx, db, "orders"); err != nil {
				b.Fatal(err)
			}
			if seg != nil {
				seg.Close(nil)
			}
		}
	}
	b.Run("Untraced", func(b *testing.B) { run(b, plain(b), false) })
	b.Run("UntracedInSegment", func(b *testing.B) { run(b, plain(b), true) })
	b.Run("Traced", func(b *testing.B) { run(b, newDynamoDB(b, srv, 1), true) })
}
