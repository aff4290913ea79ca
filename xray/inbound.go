package xray

import (
	"context"
	"net/http"
	"net/url"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/inbound"
)

// The inbound driver: the one place where the server integrations (net/http,
// fasthttp, gRPC) turn an incoming request into a root segment. Each adapter
// describes its request with an inbound.Request and calls, in order:
//
//	ctx, seg, hdr := beginInbound(ctx, name, &in, r) // r may be nil
//	defer seg.Close(nil)
//	defer func() {
//		if p := recover(); p != nil {
//			recordInboundPanic(seg, p)
//			panic(p)
//		}
//	}()
//	recordInboundRequest(seg, &in)
//	if v := inboundResponseHeader(seg, hdr); v != "" { <set the response header to v> }
//	<call the handler>
//	recordInboundResponse(seg, status, contentLength)
//
// To save allocations, an adapter keeps its per-request state in one
// allocated struct that also holds an inboundStorage (the segment and the
// parsed header: beginInboundIn) and an inboundBlocks (the http blocks:
// recordInboundRequestIn, recordInboundResponseIn); recordInboundRequestURL
// and recordInboundRequestHeader also take the URL, or build it with the
// response header value in one buffer. recordInboundFlags sets flags an
// adapter classified itself (gRPC codes). Every function is a no-op (or
// returns "") when the SDK is disabled, and none of them panics on a nil
// segment.

// beginInbound begins the root segment of an incoming request described by
// in and named name (namers and AWS_XRAY_TRACING_NAME are applied by the
// caller and by the segment constructor respectively). The incoming trace
// header in.TraceHeader is honoured: its Root and Parent are continued and
// its Sampled=1/0 decides sampling; otherwise the sampling strategy decides
// on the request's host, method and path. Without a trace header, a valid
// in.Traceparent stands in for one when W3C Trace Context interop is on
// (traceparentHeader). r is the request handed to the sampling strategy;
// when nil, a minimal one is built from in. It returns the context carrying
// the segment, the segment and the parsed incoming header (never nil).
func beginInbound(ctx context.Context, name string, in *inbound.Request, r *http.Request) (context.Context, *Segment, *header.Header) {
	return beginInboundIn(ctx, name, in, r, nil)
}

// inboundStorage is storage for the root segment of an incoming request
// and its parsed trace header, which an adapter allocates along with its
// own per-request state (beginInboundIn). The segment keeps the whole
// allocation alive while anyone holds it.
type inboundStorage struct {
	seg Segment
	ext segmentExt
	hdr header.Header
	cfg Config
	ids [rootIDsLen]byte
}

// idsOf returns st's trace-id bytes, nil without st.
func idsOf(st *inboundStorage) []byte {
	if st == nil {
		return nil
	}
	return st.ids[:]
}

// beginInboundIn is beginInbound with the segment and the parsed incoming
// header placed in st, when not nil (st must be zeroed and used once).
func beginInboundIn(ctx context.Context, name string, in *inbound.Request, r *http.Request, st *inboundStorage) (context.Context, *Segment, *header.Header) {
	var hdr *header.Header
	if in.TraceHeader == "" && in.Traceparent != "" {
		hdr = traceparentHeader(in.Traceparent)
	}
	var seg *Segment
	if st != nil {
		seg = &st.seg
		seg.ext = &st.ext
	}
	if hdr == nil {
		if st != nil {
			st.hdr = *header.FromString(in.TraceHeader) // inlined: only the map is allocated
			hdr = &st.hdr
		} else {
			hdr = header.FromString(in.TraceHeader)
		}
	}
	if r == nil {
		r = &http.Request{Method: in.Method, Host: in.Host, URL: &url.URL{Path: in.Path}}
	}
	var cfgBuf *Config
	if st != nil {
		cfgBuf = &st.cfg
	}
	ctx, seg = newSegmentFromHeader(seg, idsOf(st), cfgBuf, ctx, name, r, hdr)
	return ctx, seg, hdr
}

// inboundOff reports whether nothing is to be recorded on seg: it is nil,
// or it is the empty segment handed out while the SDK is disabled. Segments
// begun while the SDK is enabled always have ParentSegment set, so the
// environment is consulted only for segments that look disabled.
func inboundOff(seg *Segment) bool {
	return seg == nil || (seg.ParentSegment == nil && SdkDisabled())
}

// recordInboundRequest records the http.request block of seg from in:
// method, URL, client IP (with x_forwarded_for when it came from that
// header) and user agent.
func recordInboundRequest(seg *Segment, in *inbound.Request) {
	recordInboundRequestIn(seg, in, nil)
}

// recordInboundRequestIn is recordInboundRequest with the blocks it
// creates taken from blk, when not nil.
func recordInboundRequestIn(seg *Segment, in *inbound.Request, blk *inboundBlocks) {
	recordInboundRequestURL(seg, in, blk, "")
}

// recordInboundRequestURL is recordInboundRequestIn recording u (when not
// empty) as the URL instead of in.URL(): an adapter that built the URL
// along with its other strings saves an allocation.
func recordInboundRequestURL(seg *Segment, in *inbound.Request, blk *inboundBlocks, u string) {
	if inboundOff(seg) {
		return
	}
	if u == "" {
		u = in.URL()
	}
	seg.Lock()
	setInboundRequestLocked(seg, in, blk, u)
	seg.Unlock()
}

// setInboundRequestLocked fills seg's http.request block from in, with URL
// u; the caller holds seg's lock.
func setInboundRequestLocked(seg *Segment, in *inbound.Request, blk *inboundBlocks, u string) {
	ip, forwarded := in.ClientIP()
	req := blk.request(seg)
	req.Method = in.Method
	req.URL = u
	req.ClientIP = ip
	if forwarded {
		req.XForwardedFor = true
	}
	req.UserAgent = in.UserAgent
}

// inboundBlocks is storage for the http, http.request and http.response
// blocks of an inbound segment, so that an adapter can allocate them along
// with its own per-request state instead of one by one. A nil
// *inboundBlocks allocates them as needed.
type inboundBlocks struct {
	http     HTTPData
	req      RequestData
	response ResponseData
}

// httpData returns seg's http block, creating it in b. The caller holds
// seg's lock.
func (b *inboundBlocks) httpData(seg *Segment) *HTTPData {
	if seg.HTTP == nil {
		if b == nil {
			return seg.GetHTTP()
		}
		seg.HTTP = &b.http
	}
	return seg.HTTP
}

// request returns seg's http.request block, creating it in b. The caller
// holds seg's lock.
func (b *inboundBlocks) request(seg *Segment) *RequestData {
	h := b.httpData(seg)
	if h.Request == nil && b != nil {
		h.Request = &b.req
	}
	return h.GetRequest()
}

// responseData returns seg's http.response block, creating it in b. The
// caller holds seg's lock.
func (b *inboundBlocks) responseData(seg *Segment) *ResponseData {
	h := b.httpData(seg)
	if h.Response == nil && b != nil {
		h.Response = &b.response
	}
	return h.GetResponse()
}

// recordInboundRequestHeader is recordInboundRequestIn that also returns
// inboundResponseHeader(seg, incoming), under one lock, with the URL and
// the header value built in buf (which is then never to be written again)
// when they fit, and cut from one allocated string otherwise.
func recordInboundRequestHeader(seg *Segment, in *inbound.Request, blk *inboundBlocks, incoming *header.Header, buf []byte) string {
	if inboundOff(seg) {
		return ""
	}
	seg.Lock()
	u, v := inbound.URLAndResponseHeaderIn(buf, in, seg.TraceID, incoming, seg.Sampled)
	setInboundRequestLocked(seg, in, blk, u)
	seg.Unlock()
	return v
}

// inboundResponseHeader returns the X-Amzn-Trace-Id value to send back to
// the caller of the request seg traces (header.md §4.1), given the parsed
// incoming header. It returns "" when no header is to be written (SDK
// disabled, nil segment).
func inboundResponseHeader(seg *Segment, incoming *header.Header) string {
	if inboundOff(seg) {
		return ""
	}
	seg.RLock()
	traceID, sampled := seg.TraceID, seg.Sampled
	seg.RUnlock()
	return inbound.ResponseHeader(traceID, incoming, sampled)
}

// recordInboundResponse records the response of the request seg traces:
// http.response.status = status with its error/throttle/fault flags (a
// status of 0 records neither), and http.response.content_length =
// contentLength (omitted from the document when 0). The response block is
// created even when both are 0.
func recordInboundResponse(seg *Segment, status, contentLength int) {
	recordInboundResponseIn(seg, status, contentLength, nil)
}

// recordInboundResponseIn is recordInboundResponse with the blocks it
// creates taken from blk, when not nil.
func recordInboundResponseIn(seg *Segment, status, contentLength int, blk *inboundBlocks) {
	if inboundOff(seg) {
		return
	}
	seg.Lock()
	resp := blk.responseData(seg)
	resp.ContentLength = contentLength
	if status != 0 {
		resp.Status = status
		applyFlagsLocked(seg, inbound.Classify(status))
	}
	seg.Unlock()
}

// recordInboundFlags sets the flags in f on seg (flags are only ever set,
// never cleared). For adapters that classify outcomes themselves (gRPC
// status codes).
func recordInboundFlags(seg *Segment, f inbound.Flags) {
	if inboundOff(seg) {
		return
	}
	seg.Lock()
	applyFlagsLocked(seg, f)
	seg.Unlock()
}

// applyFlagsLocked sets f's flags on seg; the caller holds seg's lock.
func applyFlagsLocked(seg *Segment, f inbound.Flags) {
	if f.Error {
		seg.Error = true
	}
	if f.Throttle {
		seg.Throttle = true
	}
	if f.Fault {
		seg.Fault = true
	}
}

// recordInboundPanic records a panic p raised by the handler of the request
// seg traces: fault, and p as an exception of type "panic" whose stack
// starts at the panicking function. Call it from the deferred function that
// recovered p, then re-panic with p; the deferred seg.Close then sends the
// segment.
func recordInboundPanic(seg *Segment, p interface{}) {
	if inboundOff(seg) {
		return
	}
	_ = seg.AddError(seg.formatter().Panicf("%v", p))
}
