package xray

import (
	"context"
	"crypto/tls"
	"net/http/httptrace"
	"sync/atomic"
)

// awsOperation is the tracing state of one AWS SDK v1 request, and the
// context the request carries from its first handler on: it wraps the
// caller's context and answers ContextKey with the request's current entity
// (the operation subsegment or the marshal/attempt/wait/unmarshal
// subsegment in progress).
//
// The request's context is set only once, before the SDK may hand the
// request to other goroutines (endpoint discovery reads it concurrently);
// afterwards the handlers only move the current entity, never replace the
// request's context or its *http.Request.
type awsOperation struct {
	context.Context // the caller's context (deadline, cancellation, values)

	op  *Segment
	cur atomic.Pointer[Segment] // the current entity; nil once completed
	// trace records the HTTP exchange of the attempt in progress (nil
	// between attempts and for unsampled calls); the request's httptrace
	// hooks forward to it.
	trace atomic.Pointer[HTTPSubsegments]

	// Used by the request's handlers only, which the SDK runs one after
	// the other.
	attempt *Segment
	done    bool
}

// awsOperationKey is the context key under which an awsOperation answers
// for itself.
type awsOperationKey struct{}

// Value answers awsOperationKey with the state and ContextKey with the
// current entity; other keys are looked up in the caller's context.
func (o *awsOperation) Value(key interface{}) interface{} {
	switch key {
	case awsOperationKey{}:
		return o
	case ContextKey:
		if cur := o.cur.Load(); cur != nil {
			return cur
		}
	}
	return o.Context.Value(key)
}

// awsOperationOf returns the innermost AWS operation of ctx still in
// progress, or nil.
func awsOperationOf(ctx context.Context) *awsOperation {
	o, _ := ctx.Value(awsOperationKey{}).(*awsOperation)
	for o != nil && o.done {
		o, _ = o.Context.Value(awsOperationKey{}).(*awsOperation)
	}
	return o
}

// endAttempt stops recording the attempt's HTTP exchange: subsegments it
// left open are closed with err, and late hooks are ignored.
func (o *awsOperation) endAttempt(err error) {
	if t := o.trace.Swap(nil); t != nil {
		t.finish(err)
	}
	o.attempt = nil
}

// clientTrace returns httptrace hooks that forward to the recorder of the
// attempt in progress.
func (o *awsOperation) clientTrace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GetConn: func(hostPort string) {
			if t := o.trace.Load(); t != nil {
				t.GetConn(hostPort)
			}
		},
		DNSStart: func(info httptrace.DNSStartInfo) {
			if t := o.trace.Load(); t != nil {
				t.DNSStart(info)
			}
		},
		DNSDone: func(info httptrace.DNSDoneInfo) {
			if t := o.trace.Load(); t != nil {
				t.DNSDone(info)
			}
		},
		ConnectStart: func(network, addr string) {
			if t := o.trace.Load(); t != nil {
				t.ConnectStart(network, addr)
			}
		},
		ConnectDone: func(network, addr string, err error) {
			if t := o.trace.Load(); t != nil {
				t.ConnectDone(network, addr, err)
			}
		},
		TLSHandshakeStart: func() {
			if t := o.trace.Load(); t != nil {
				t.TLSHandshakeStart()
			}
		},
		TLSHandshakeDone: func(state tls.ConnectionState, err error) {
			if t := o.trace.Load(); t != nil {
				t.TLSHandshakeDone(state, err)
			}
		},
		GotConn: func(info httptrace.GotConnInfo) {
			if t := o.trace.Load(); t != nil {
				t.GotConn(&info, nil)
			}
		},
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if t := o.trace.Load(); t != nil {
				t.WroteRequest(info)
			}
		},
		GotFirstResponseByte: func() {
			if t := o.trace.Load(); t != nil {
				t.GotFirstResponseByte()
			}
		},
	}
}
