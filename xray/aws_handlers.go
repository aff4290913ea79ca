//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; this file instruments it.

package xray

import (
	"context"
	"net/http"
	"net/http/httptrace"

	"github.com/aws/aws-sdk-go/aws/request"
)

// The handlers below run in the order the SDK runs its handler lists:
//
//	Validate (front)   awsBeginOperation  operation subsegment, "marshal"
//	Build (back)       awsEndCurrent      ends "marshal"
//	Sign (front)       awsBeginAttempt    "attempt", recording the exchange
//	Send (back)        awsAfterSend       ends what the exchange left open
//	Unmarshal (front)  awsBeginUnmarshal  ends "attempt", begins "unmarshal"
//	Unmarshal (back)   awsEndCurrent      ends "unmarshal"
//	Retry (front)      awsBeginWait       ends "attempt", begins "wait"
//	AfterRetry (back)  awsEndCurrent      ends "wait"
//	Complete (front)   awsCompleteOperation
//
// Only awsBeginOperation looks for a segment; the others act only on a
// request whose operation subsegment it began, so a call without a segment
// tells the context-missing strategy exactly once.

// awsBeginOperation begins the operation subsegment, named after the
// service, and "marshal" under it, and sets the trace header (and the
// traceparent header, with W3C Trace Context interop on).
func awsBeginOperation(r *request.Request) {
	if SdkDisabled() {
		return
	}
	ctx := r.Context()
	name := r.ClientInfo.ServiceName
	if r.IsPresigned() {
		// Presigning builds a URL and sends nothing: there is no call to
		// trace, and a subsegment begun here would never end.
		if GetSegment(ctx) == nil {
			if _, lambda := ctx.Value(LambdaTraceHeaderKey).(string); !lambda {
				contextMissing(ctx, "failed to begin subsegment named '"+truncateName(name)+"': segment cannot be found.")
			}
		}
		return
	}
	_, op := BeginSubsegment(ctx, name)
	if op == nil {
		return // the context-missing strategy has been told
	}
	op.Lock()
	op.Namespace = "aws"
	op.Unlock()
	state := &awsOperation{Context: ctx, op: op}
	state.cur.Store(op)
	_, marshal := BeginSubsegment(state, "marshal")
	state.cur.Store(marshal)
	if op.isSampled() {
		r.SetContext(httptrace.WithClientTrace(state, state.clientTrace()))
	} else {
		r.SetContext(state)
	}
	if r.HTTPRequest != nil {
		if r.HTTPRequest.Header == nil {
			r.HTTPRequest.Header = make(http.Header, 1)
		}
		r.HTTPRequest.Header.Set(traceHeaderCanonical, op.DownstreamHeader().String())
		if tp := w3cOutbound(op); tp != "" {
			r.HTTPRequest.Header[traceparentCanonical] = []string{tp}
		}
	}
}

// awsEndCurrent ends the current entity of a traced request (never the
// operation subsegment itself) with the request's error and makes its
// parent current.
func awsEndCurrent(r *request.Request) {
	state := awsOperationOf(r.Context())
	if state == nil {
		return
	}
	cur := state.cur.Load()
	if cur == nil || cur == state.op {
		return
	}
	if cur == state.attempt {
		state.endAttempt(r.Error)
	}
	cur.Close(r.Error)
	state.cur.Store(cur.parent)
}

// awsBeginChild begins a subsegment named name under the current entity of
// a traced request and makes it current.
func awsBeginChild(r *request.Request, name string) (context.Context, *Segment, *awsOperation) {
	state := awsOperationOf(r.Context())
	if state == nil || state.cur.Load() == nil {
		return nil, nil, nil
	}
	ctx, seg := BeginSubsegment(state, name)
	if seg != nil {
		state.cur.Store(seg)
	}
	return ctx, seg, state
}

// awsBeginAttempt begins "attempt" and records its HTTP exchange.
func awsBeginAttempt(r *request.Request) {
	ctx, attempt, state := awsBeginChild(r, "attempt")
	if attempt == nil {
		return
	}
	state.endAttempt(nil) // an earlier attempt that never ended stops recording
	state.attempt = attempt
	if attempt.isSampled() {
		state.trace.Store(NewHTTPSubsegments(ctx))
	}
}

// awsAfterSend closes what the attempt's HTTP exchange left open (a
// connection that failed to open, an exchange cut short) with the send
// error.
func awsAfterSend(r *request.Request) {
	state := awsOperationOf(r.Context())
	if state == nil || state.attempt == nil || state.cur.Load() != state.attempt {
		return
	}
	if t := state.trace.Load(); t != nil {
		t.finish(r.Error)
	}
}

// awsBeginUnmarshal ends "attempt" and begins "unmarshal".
func awsBeginUnmarshal(r *request.Request) {
	awsEndCurrent(r)
	awsBeginChild(r, "unmarshal")
}

// awsBeginWait ends "attempt" and begins "wait" (the retry delay).
func awsBeginWait(r *request.Request) {
	awsEndCurrent(r)
	awsBeginChild(r, "wait")
}
