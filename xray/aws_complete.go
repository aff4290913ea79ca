//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; this file instruments it.

package xray

import (
	"github.com/aws/aws-sdk-go/aws/request"

	"github.com/aws/aws-xray-sdk-go/internal/awswhitelist"
)

// awsCompleteOperation ends a traced request: what is still open under the
// operation subsegment is closed (without error), the aws block and the
// response are recorded, and the operation subsegment is closed with the
// request's error.
func awsCompleteOperation(r *request.Request, wl *awswhitelist.Whitelist) {
	state := awsOperationOf(r.Context())
	if state == nil {
		return
	}
	op := state.op
	state.endAttempt(nil)
	if cur := state.cur.Load(); isBelow(cur, op) {
		for s := cur; s != op; s = s.parent {
			closeIfOpen(s, nil)
		}
	}

	op.Lock()
	if op.Sampled && !op.Dummy {
		recordAWSCall(op, r, wl)
	}
	op.Unlock()
	op.Close(r.Error)
	// The request's context answers for the caller's entity again.
	state.cur.Store(nil)
	state.done = true
}

// isBelow reports whether ancestor is s or one of its parents.
func isBelow(s, ancestor *Segment) bool {
	for ; s != nil; s = s.parent {
		if s == ancestor {
			return true
		}
	}
	return false
}

// recordAWSCall fills the aws block and the response of the operation
// subsegment op; the caller holds op's lock.
func recordAWSCall(op *Segment, r *request.Request, wl *awswhitelist.Whitelist) {
	aws := op.GetAWS()
	operation := ""
	if r.Operation != nil {
		operation = r.Operation.Name
	}
	if entry := wl.Operation(r.ClientInfo.ServiceName, operation); entry != nil {
		entry.AddRequest(aws, r.Params)
		entry.AddResponse(aws, r.Data)
	}
	aws["region"] = r.ClientInfo.SigningRegion
	aws["operation"] = operation
	aws["retries"] = r.RetryCount
	aws[RequestIDKey] = r.RequestID
	if resp := r.HTTPResponse; resp != nil {
		rd := op.GetHTTP().GetResponse()
		rd.Status = resp.StatusCode
		rd.ContentLength = int(resp.ContentLength)
		if id2 := resp.Header.Get(S3ExtendedRequestIDHeaderKey); id2 != "" {
			aws[ExtendedRequestIDKey] = id2
		}
	}
	if request.IsErrorThrottle(r.Error) {
		op.Throttle = true
	}
}
