package awsv2_test

import (
	"context"
	"slices"
	"syscall"
	"testing"
	"time"

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
		start := cpuTime()
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
		// Process CPU time (client, fake server and emitter together) is
		// steadier than wall time on a busy machine.
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
	b.Run("Untraced", func(b *testing.B) { run(b, plain(b), false) })
	b.Run("UntracedInSegment", func(b *testing.B) { run(b, plain(b), true) })
	b.Run("Traced", func(b *testing.B) { run(b, newDynamoDB(b, srv, 1), true) })
}

// cpuTime is the CPU time (user and system) the process used so far, in
// nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkGetItemOverhead alternates an uninstrumented and an
// instrumented GetItem, each inside its own sampled segment, so that both
// see the same machine load, and reports the median wall and CPU time of
// each and the instrumentation's overhead in percent.
func BenchmarkGetItemOverhead(b *testing.B) {
	srv, d := awsfake.New(b), newDaemon(b)
	sampled := d.context(b, sampleAll, nil)
	o := newClientOptions(b, srv, 1)
	plain := dynamodb.New(dynamodb.Options{
		Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint,
		HTTPClient: o.HTTPClient, Retryer: o.Retryer,
	})
	traced := newDynamoDB(b, srv, 1)
	clients := [2]*dynamodb.Client{plain, traced}

	var wall, cpu [2][]int64
	i := 0
	for b.Loop() {
		for k := 0; k < 2; k++ {
			which := (i + k) % 2 // alternate which one goes first
			ctx, seg := xray.BeginSegment(sampled, "bench")
			t0, c0 := time.Now(), cpuTime()
			if err := getItem(ctx, clients[which], "orders"); err != nil {
				b.Fatal(err)
			}
			seg.Close(nil)
			wall[which] = append(wall[which], int64(time.Since(t0)))
			cpu[which] = append(cpu[which], cpuTime()-c0)
		}
		i++
	}
	mw0, mw1 := median(wall[0]), median(wall[1])
	mc0, mc1 := median(cpu[0]), median(cpu[1])
	b.ReportMetric(mw0, "untraced-ns/call")
	b.ReportMetric(mw1, "traced-ns/call")
	b.ReportMetric(100*(mw1-mw0)/mw0, "wall-overhead-%")
	b.ReportMetric(mc0, "untraced-cpu-ns/call")
	b.ReportMetric(mc1, "traced-cpu-ns/call")
	b.ReportMetric(100*(mc1-mc0)/mc0, "cpu-overhead-%")
}

func median(v []int64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return float64(s[len(s)/2])
}
