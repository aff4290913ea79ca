package awsv2

import (
	"context"
	"fmt"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"

	"github.com/aws/aws-xray-sdk-go/internal/awswhitelist"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// initializeMiddleware runs once per call, after the SDK's own initialize
// middleware: it begins the call's subsegment, runs the rest of the stack
// in it and records the outcome.
type initializeMiddleware struct{}

// initialize is the one initialize middleware every stack shares.
var initialize = &initializeMiddleware{}

// ID names the middleware in the stack.
func (*initializeMiddleware) ID() string { return initializeID }

// HandleInitialize traces one call.
func (m *initializeMiddleware) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
	out middleware.InitializeOutput, metadata middleware.Metadata, err error,
) {
	if xray.SdkDisabled() {
		return next.HandleInitialize(ctx, in)
	}
	service := awsmiddleware.GetServiceID(ctx)
	segCtx, seg := xray.BeginSubsegment(ctx, service)
	if seg == nil {
		return next.HandleInitialize(ctx, in) // the context-missing strategy has been told
	}
	c := &call{Context: segCtx, seg: seg, service: service, operation: awsmiddleware.GetOperationName(ctx)}
	c.header[0] = traceHeaderValue(seg)

	seg.Lock()
	c.sampled = seg.Sampled && !seg.Dummy
	seg.Namespace = "aws"
	if c.sampled {
		c.regionValue = boxString(awsmiddleware.GetRegion(ctx))
		c.operationValue = boxString(c.operation)
		aws := seg.GetAWS()
		aws["region"] = c.regionValue
		aws["operation"] = c.operationValue
	}
	seg.Unlock()

	finished := false
	defer func() {
		if !finished {
			// A panic is on its way up: record it, then let it go on.
			if p := recover(); p != nil {
				seg.Close(fmt.Errorf("panic: %v", p))
				panic(p)
			}
		}
	}()
	out, metadata, err = next.HandleInitialize(c, in)
	finished = true
	m.record(c, in.Parameters, out.Result, metadata)
	seg.Close(err)
	return out, metadata, err
}

// record writes the call's outcome into its subsegment: the whitelisted
// input and output fields, the request ids, the retries and the last
// attempt's response.
func (m *initializeMiddleware) record(c *call, input, output interface{}, metadata middleware.Metadata) {
	if !c.sampled {
		return
	}
	retries := c.attempts - 1
	if results, ok := retry.GetAttemptResults(metadata); ok && len(results.Results) > 0 {
		retries = len(results.Results) - 1
	}
	seg := c.seg
	seg.Lock()
	aws := seg.GetAWS()
	if op := awswhitelist.Default().OperationV2(c.service, c.operation); op != nil {
		op.AddRequest(aws, input)
		op.AddResponse(aws, output)
	}
	aws["region"] = c.regionValue
	aws["operation"] = c.operationValue
	if retries >= 0 {
		aws["retries"] = retries
	}
	if c.requestID != "" {
		aws[xray.RequestIDKey] = c.requestID
	}
	if c.id2 != "" {
		aws[xray.ExtendedRequestIDKey] = c.id2
	}
	if c.hasResponse {
		if seg.HTTP == nil {
			seg.HTTP = &c.http
		}
		if seg.HTTP.Response == nil {
			seg.HTTP.Response = &c.response
		}
		seg.HTTP.Response.ContentLength = c.contentLength
	}
	seg.Unlock()
	if c.hasResponse {
		xray.HttpCaptureResponse(seg, c.status)
	}
}
