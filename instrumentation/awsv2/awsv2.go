// Package awsv2 traces calls made with the AWS SDK for Go v2.
//
// AWSV2Instrumentor adds two middleware to every operation of the clients
// built with the options it is given: each call becomes a subsegment, named
// by the service id (e.g. "DynamoDB", "S3"), in namespace "aws", of the
// segment in the call's context. Its aws block records the region, the
// operation, the request id, the S3 extended request id, the number of
// retries and the request and response fields the SDK's default AWS
// whitelist names (for example table_name, consistent_read and
// consumed_capacity for DynamoDB GetItem); its http block the last
// attempt's status and content length, which also sets the error (4xx),
// throttle (429) and fault (5xx) flags. A call that fails records its error
// as a fault. Every attempt carries the X-Amzn-Trace-Id header, and the
// W3C traceparent header when xray.W3CTraceContextEnabled.
//
// Wrap the client's HTTP client with xray.Client to also record every
// attempt's HTTP exchange as a subsegment of the call.
package awsv2

import (
	"github.com/aws/smithy-go/middleware"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// Middleware ids, as the original SDK names them.
const (
	initializeID  = "XRayInitializeMiddlewareAfter"
	deserializeID = "XRayDeserializeMiddleware"
)

// AWSV2Instrumentor appends the X-Ray middleware to apiOptions, typically
// the APIOptions of an aws.Config or of a client's or a call's options:
//
//	awsv2.AWSV2Instrumentor(&cfg.APIOptions)
//
// A call made without a segment in its context goes through untraced after
// the context-missing strategy was told. Instrumenting the same options
// twice traces each call once. A nil apiOptions is logged and ignored.
func AWSV2Instrumentor(apiOptions *[]func(*middleware.Stack) error) {
	if apiOptions == nil {
		logger.Errorf("xray: AWSV2Instrumentor: apiOptions is nil; nothing is traced")
		return
	}
	*apiOptions = append(*apiOptions, addMiddleware)
}

// addMiddleware adds the two middleware to an operation's stack, unless
// they are there already.
func addMiddleware(stack *middleware.Stack) error {
	if _, ok := stack.Initialize.Get(initializeID); !ok {
		if err := stack.Initialize.Add(initialize, middleware.After); err != nil {
			return err
		}
	}
	if _, ok := stack.Deserialize.Get(deserializeID); !ok {
		if err := stack.Deserialize.Add(deserializeMiddleware{}, middleware.Before); err != nil {
			return err
		}
	}
	return nil
}
