// Command awsv2 calls DynamoDB through the AWS SDK for Go v2 with the X-Ray
// middleware installed by awsv2.AWSV2Instrumentor: every operation becomes
// an "aws" subsegment. DynamoDB is a local fake. It prints the documents the
// SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/aws/aws-xray-sdk-go/instrumentation/awsv2"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

func main() {
	printDocuments()

	// A local stand-in for DynamoDB answering GetItem.
	dynamo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("DynamoDB received X-Amzn-Trace-Id:", r.Header.Get("X-Amzn-Trace-Id"))
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amzn-RequestId", "EXAMPLE-REQUEST-ID")
		fmt.Fprint(w, `{"Item":{"id":{"S":"42"},"total":{"N":"19.99"}}}`)
	}))
	defer dynamo.Close()

	cfg := aws.Config{
		Region:      "us-west-2",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRET", ""),
	}
	// Trace every client built from cfg (or pass a client's own APIOptions).
	awsv2.AWSV2Instrumentor(&cfg.APIOptions)
	db := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(dynamo.URL)
	})

	ctx, seg := xray.BeginSegment(context.Background(), "orders-service")
	out, err := db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String("orders"),
		Key:       map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "42"}},
	})
	seg.Close(nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("item:", out.Item["total"].(*types.AttributeValueMemberN).Value)
}

// printDocuments makes the SDK sample everything and print each document
// instead of sending it to the X-Ray daemon. In production leave Emitter
// unset: documents go to AWS_XRAY_DAEMON_ADDRESS (127.0.0.1:2000 by default).
func printDocuments() {
	all, err := sampling.NewLocalizedStrategyFromJSONBytes([]byte(`{"version": 2, "default": {"fixed_target": 1, "rate": 1.0}}`))
	if err == nil {
		err = xray.Configure(xray.Config{SamplingStrategy: all, Emitter: xray.NewDocumentEmitter(printDocument)})
	}
	if err != nil {
		log.Fatal(err)
	}
}

func printDocument(doc []byte) {
	var out bytes.Buffer
	_ = json.Indent(&out, doc, "", "  ")
	fmt.Printf("sent %s\n", out.Bytes())
}
