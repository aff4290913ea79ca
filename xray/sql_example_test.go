package xray_test

import (
	"context"
	"fmt"
	"net"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
	_ "modernc.org/sqlite"
)

// sqlExampleEmitter prints the name of every document sent.
type sqlExampleEmitter struct{}

func (sqlExampleEmitter) Emit(seg *xray.Segment)                 { fmt.Println("sent", seg.Name) }
func (sqlExampleEmitter) RefreshEmitterWithAddress(*net.UDPAddr) {}

// sqlExampleSampler samples every request.
type sqlExampleSampler struct{}

func (sqlExampleSampler) ShouldTrace(*sampling.Request) *sampling.Decision {
	return &sampling.Decision{Sample: true}
}

// SQLContext opens a database whose queries become subsegments of the
// segment in their context, here a subsegment of "orders" recording the
// query text (SQLite answers none of the detection queries, so its name and
// database type are "Unknown").
func ExampleSQLContext() {
	db, err := xray.SQLContext("sqlite", "file:example?mode=memory")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	ctx, err := xray.ContextWithConfig(context.Background(), xray.Config{Emitter: sqlExampleEmitter{}, SamplingStrategy: sqlExampleSampler{}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, seg := xray.BeginSegment(ctx, "orders")
	var answer int
	if err := db.QueryRowContext(ctx, "SELECT 6 * 7").Scan(&answer); err != nil {
		fmt.Println(err)
	}
	seg.Close(nil)
	fmt.Println(answer)
	// Output:
	// sent orders
	// 42
}
