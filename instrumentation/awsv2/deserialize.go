package awsv2

import (
	"context"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Header names, in canonical form (no canonicalisation at run time).
const (
	traceHeader = "X-Amzn-Trace-Id"
	id2Header   = "X-Amz-Id-2" // xray.S3ExtendedRequestIDHeaderKey
)

// deserializeMiddleware runs once per attempt, first in the deserialize
// step: it sends the trace header and notes what the response said.
type deserializeMiddleware struct{}

// ID names the middleware in the stack.
func (deserializeMiddleware) ID() string { return deserializeID }

// HandleDeserialize traces one attempt.
func (deserializeMiddleware) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	out middleware.DeserializeOutput, metadata middleware.Metadata, err error,
) {
	c := callOf(ctx)
	if c == nil {
		return next.HandleDeserialize(ctx, in)
	}
	if req, ok := in.Request.(*smithyhttp.Request); ok && req.Header != nil {
		req.Header[traceHeader] = c.header[:]
		setTraceparent(req.Header, c.seg)
	}
	out, metadata, err = next.HandleDeserialize(ctx, in)

	c.attempts++
	c.hasResponse = false
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil && resp.Response != nil {
		c.hasResponse = true
		c.status = resp.StatusCode
		c.contentLength = int(resp.ContentLength)
		if v := resp.Header[id2Header]; len(v) > 0 && v[0] != "" {
			c.id2 = v[0]
		}
	}
	if id, ok := awsmiddleware.GetRequestIDMetadata(metadata); ok && id != "" {
		c.requestID = id
	}
	return out, metadata, err
}
