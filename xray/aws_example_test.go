//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; this example shows its instrumentation.

package xray_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/dynamodb"

	"github.com/aws/aws-xray-sdk-go/xray"
)

func ExampleAWS() {
	// A local stand-in for DynamoDB that shows the trace header it gets.
	dynamo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("X-Amzn-Trace-Id")
		fmt.Println("trace header:", strings.HasPrefix(h, "Root=1-") && strings.Contains(h, ";Parent="))
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		fmt.Fprint(w, `{"TableNames":["orders"]}`)
	}))
	defer dynamo.Close()

	sess := session.Must(session.NewSession(&aws.Config{
		Region:      aws.String("us-west-2"),
		Endpoint:    aws.String(dynamo.URL),
		Credentials: credentials.NewStaticCredentials("AKIDEXAMPLE", "SECRET", ""),
	}))
	db := dynamodb.New(sess)
	xray.AWS(db.Client) // or xray.AWSSession(sess) before creating clients

	ctx, seg := xray.BeginSegment(context.Background(), "orders-service")
	out, err := db.ListTablesWithContext(ctx, &dynamodb.ListTablesInput{})
	// The segment is sent with a "dynamodb" subsegment (namespace "aws")
	// holding "marshal", "attempt" and "unmarshal", and the aws block
	// {"operation":"ListTables","region":"us-west-2","table_count":1,...}.
	seg.Close(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(aws.StringValueSlice(out.TableNames))
	// Output:
	// trace header: true
	// [orders]
}
