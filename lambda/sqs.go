// Package lambda holds helpers for AWS Lambda functions traced with X-Ray.
package lambda

import (
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// traceHeaderAttribute is the SQS system attribute carrying the X-Ray trace
// header of the message's sender.
const traceHeaderAttribute = "AWSTraceHeader"

// IsSampled reports whether the trace header the SQS message carries says
// the sender's trace is sampled, that is whether its AWSTraceHeader
// attribute contains "Sampled=1". A message without the attribute is not
// sampled. Use it to trace only the messages of sampled traces, for
// example when a batch mixes both.
func IsSampled(sqsMessage events.SQSMessage) bool {
	value, ok := sqsMessage.Attributes[traceHeaderAttribute]
	return ok && strings.Contains(value, "Sampled=1")
}
