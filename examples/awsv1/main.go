//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; this example shows its instrumentation.

// Command awsv1 calls DynamoDB through the AWS SDK for Go v1 with the X-Ray
// handlers installed by xray.AWSSession: every operation becomes an "aws"
// subsegment with marshal, attempt and unmarshal steps and the request
// parameters of the whitelist. DynamoDB is a local fake. It prints the
// documents the SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/dynamodb"

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

	sess := session.Must(session.NewSession(&aws.Config{
		Region:      aws.String("us-west-2"),
		Endpoint:    aws.String(dynamo.URL),
		Credentials: credentials.NewStaticCredentials("AKIDEXAMPLE", "SECRET", ""),
	}))
	// Clients created from the session afterwards are traced
	// (xray.AWS(client.Client) instruments a single existing client).
	db := dynamodb.New(xray.AWSSession(sess))

	ctx, seg := xray.BeginSegment(context.Background(), "orders-service")
	out, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{
		TableName: aws.String("orders"),
		Key:       map[string]*dynamodb.AttributeValue{"id": {S: aws.String("42")}},
	})
	seg.Close(nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("item:", aws.StringValue(out.Item["total"].N))
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
