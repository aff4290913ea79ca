package awsv2_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/aws/aws-xray-sdk-go/instrumentation/awsv2"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

func ExampleAWSV2Instrumentor() {
	// A local stand-in for DynamoDB that shows the trace header it gets.
	dynamo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("X-Amzn-Trace-Id")
		fmt.Println("trace header:", strings.HasPrefix(h, "Root=1-") && strings.Contains(h, ";Parent="))
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		fmt.Fprint(w, `{"TableNames":["orders"]}`)
	}))
	defer dynamo.Close()

	cfg := aws.Config{
		Region:      "us-west-2",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRET", ""),
	}
	// Trace every client built from cfg.
	awsv2.AWSV2Instrumentor(&cfg.APIOptions)
	db := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(dynamo.URL)
	})

	local, _ := sampling.NewLocalizedStrategy()
	ctx, _ := xray.ContextWithConfig(context.Background(), xray.Config{SamplingStrategy: local})
	ctx, seg := xray.BeginSegment(ctx, "orders-service")
	out, err := db.ListTables(ctx, &dynamodb.ListTablesInput{})
	seg.Close(nil) // sends the segment, with a "DynamoDB" subsegment for the call
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.TableNames)
	// Output:
	// trace header: true
	// [orders]
}
