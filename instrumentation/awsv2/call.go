package awsv2

import (
	"context"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// call is the tracing state of one traced operation call, and the context
// the rest of the middleware stack runs in: it wraps the context that
// carries the call's subsegment and answers callKey with itself, so that
// the deserialize middleware finds it with one allocation for both.
//
// Attempts run one after the other, so the fields need no lock; the
// subsegment's fields are written under its lock.
type call struct {
	context.Context

	seg     *xray.Segment
	sampled bool
	// header is the X-Amzn-Trace-Id value, as the header map wants it.
	header [1]string

	service   string
	operation string
	// region and operation as stored in the aws block, boxed once.
	regionValue    interface{}
	operationValue interface{}

	// What the last attempt saw.
	attempts      int
	hasResponse   bool
	status        int
	contentLength int
	requestID     string
	id2           string

	// Storage for the subsegment's http block, allocated with the call.
	http     xray.HTTPData
	response xray.ResponseData
}

// callKey is the context key under which a call answers for itself.
type callKey struct{}

// Value answers callKey with the call; other keys are looked up in the
// wrapped context.
func (c *call) Value(key interface{}) interface{} {
	if key == (callKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// callOf returns the call traced in ctx, or nil.
func callOf(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}
