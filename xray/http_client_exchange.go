package xray

import (
	"context"
	"net/http"
	"net/http/httptrace"

	"github.com/aws/aws-xray-sdk-go/internal/inbound"
)

// exchange is the per-request state of a traced outgoing request, in one
// allocation: the storage of the subsegment named after the host, its http
// blocks and the value of the trace header added to the request. A sampled
// exchange is the exchange of a tracedExchange, which adds the httptrace
// recorder. Every request, unsampled ones too, allocates one: keep it
// within its size class (512 bytes with a 384-byte Segment).
type exchange struct {
	host        Segment
	blocks      inboundBlocks
	traceHeader [1]string
	// traced is the tracedExchange holding this exchange; nil when the
	// exchange was allocated alone (unsampled).
	traced *tracedExchange
}

// tracedExchange is the state of a sampled exchange: the exchange, the
// recorder of its phases with their hooks, and the storage of the
// "request" and "response" subsegments (a retry on a new connection begins
// its phases in new storage).
type tracedExchange struct {
	exchange
	subs   HTTPSubsegments
	hooks  httptrace.ClientTrace
	phases [2]Segment
	// traceparent backs the traceparent header (W3C interop).
	traceparent [1]string
	// hostExt is the extension of the host subsegment, which gets
	// children (the phases).
	hostExt segmentExt
}

// newExchange returns zeroed state for a request sent with ctx on behalf of
// parent (nil: none in ctx), with room for the httptrace recorder when the
// subsegment will likely be sampled: parent is, or a Lambda trace header
// will make a facade parent.
func newExchange(ctx context.Context, parent *Segment) *exchange {
	likely := parent != nil && parent.Sampled
	if parent == nil {
		_, likely = ctx.Value(LambdaTraceHeaderKey).(string)
	}
	if likely {
		t := &tracedExchange{}
		t.traced = t
		// Not shared yet: no lock needed.
		t.host.ext = &t.hostExt
		return &t.exchange
	}
	return &exchange{}
}

// send sends r through base on behalf of seg, the subsegment begun in
// x.host whose context is ctx, recording what the exchange did. The caller
// closes seg.
func (x *exchange) send(base http.RoundTripper, ctx context.Context, seg *Segment, r *http.Request, name string) (*http.Response, error) {
	if seg.ParentSegment == nil {
		// The empty stand-in segment of an SDK disabled meanwhile.
		return base.RoundTrip(r)
	}
	var subs *HTTPSubsegments
	// Hooks only for sampled exchanges: the subsegments of an unsampled
	// one are never sent.
	if seg.isSampled() {
		t := x.traced
		if t == nil {
			// The parent turned sampled after newExchange looked.
			t = &tracedExchange{}
			x.traced = t
		}
		subs = &t.subs
		subs.opCtx, subs.op = ctx, seg
		subs.phaseStore = [2]*Segment{&t.phases[0], &t.phases[1]}
		subs.setHooks(&t.hooks)
		ctx = httptrace.WithClientTrace(ctx, &t.hooks)
	}

	u := redactedURL(r.URL)
	seg.Lock()
	if name != emptyHostName {
		seg.Namespace = "remote"
	}
	req := x.blocks.request(seg)
	req.Method = r.Method
	req.URL = u
	seg.Unlock()

	x.traceHeader[0] = seg.downstreamHeaderValue()
	tp := w3cOutbound(seg)
	out := r.WithContext(ctx)
	out.Header = outgoingHeader(r.Header, tp != "")
	// Header.Set with the canonical names, without its allocations.
	out.Header[traceHeaderCanonical] = x.traceHeader[:]
	if tp != "" {
		v := []string{tp}
		if x.traced != nil {
			v = x.traced.traceparent[:]
			v[0] = tp
		}
		out.Header[traceparentCanonical] = v
	}

	resp, err := base.RoundTrip(out)

	if resp != nil {
		seg.Lock()
		rd := x.blocks.responseData(seg)
		rd.Status = resp.StatusCode
		rd.ContentLength = declaredContentLength(resp.Header)
		applyFlagsLocked(seg, inbound.Classify(resp.StatusCode))
		seg.Unlock()
	}
	if subs != nil {
		// Close what the exchange left open (an error, a timeout or a
		// cancellation stops it midway) and ignore late hooks.
		subs.finish(err)
	}
	return resp, err
}

// abort ends the recording of an exchange whose transport panicked: the
// phases still open are closed with err and late hooks are ignored.
func (x *exchange) abort(err error) {
	if t := x.traced; t != nil && t.subs.op != nil {
		t.subs.finish(err)
	}
}

// outgoingHeader returns the header map of the outgoing request: a copy of
// h with room for the trace header (and traceparent when w3c is set), so
// adding them never grows it. The value slices are shared with h, clipped
// so that an append by the transport copies instead of writing into h's
// arrays; the RoundTripper contract forbids modifying them in place.
func outgoingHeader(h http.Header, w3c bool) http.Header {
	extra := 1
	if w3c {
		extra = 2
	}
	out := make(http.Header, len(h)+extra)
	for k, v := range h {
		out[k] = v[:len(v):len(v)]
	}
	return out
}
