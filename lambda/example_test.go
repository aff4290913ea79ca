package lambda_test

import (
	"fmt"

	"github.com/aws/aws-lambda-go/events"

	"github.com/aws/aws-xray-sdk-go/lambda"
)

// Trace only the messages whose sender's trace was sampled.
func ExampleIsSampled() {
	batch := events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "a", Attributes: map[string]string{"AWSTraceHeader": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}},
		{MessageId: "b", Attributes: map[string]string{"AWSTraceHeader": "Root=1-5759e988-bd862e3fe1be46a994272794;Parent=53995c3f42cd8ad9;Sampled=0"}},
		{MessageId: "c"},
	}}
	for _, msg := range batch.Records {
		fmt.Println(msg.MessageId, lambda.IsSampled(msg))
	}
	// Output:
	// a true
	// b false
	// c false
}
