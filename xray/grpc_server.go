package xray

import (
	"context"
	"net/http"
	"net/url"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/inbound"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// UnaryServerInterceptor returns a server interceptor that records every
// unary call in a new root segment, continuing the trace of the incoming
// metadata "x-amzn-trace-id" (when it has exactly one value; without one,
// that of a single valid "traceparent" value, when W3CTraceContextEnabled).
//
// The segment is named after the called service ("pkg.Service"), or by
// the WithSegmentNamer namer given the call's :authority. It records
// http.request {method: "POST", url: "grpc://<authority><method>",
// user_agent, client_ip from a single "x-forwarded-for" value}, the flags
// of the handler's status code, and http.response.content_length (the
// size of a protobuf response). The handler's context carries the segment.
// The response header metadata "x-amzn-trace-id" tells the caller the trace
// id ("Root=<trace id>", plus ";Sampled=<1|0>" when the caller asked with
// "Sampled=?"); it is set (grpc.SetHeader) before the handler runs, so it
// also goes out with headers the handler sends itself. Handler errors are
// recorded as flags only: the segment is closed without an exception. A
// panicking handler faults the segment, which is sent, and the panic goes
// on.
func UnaryServerInterceptor(opts ...GrpcOption) grpc.UnaryServerInterceptor {
	o := newGrpcOptions(opts)
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
		var fullMethod string
		if info != nil {
			fullMethod = info.FullMethod
		}
		ctx = o.withRecorder(ctx)
		call := &grpcServerCall{}
		ctx, seg := call.begin(ctx, o, fullMethod)
		defer seg.Close(nil)
		defer func() {
			if p := recover(); p != nil {
				recordInboundPanic(seg, p)
				panic(p)
			}
		}()
		if v := call.header[0]; v != "" {
			grpcSetTraceHeader(ctx, v)
		}
		resp, err = handler(ctx, req)
		call.end(seg, resp, err)
		return resp, err
	}
}

// grpcServerCall is what the server interceptors keep per call, allocated
// once: the blocks the segment's http field points to, the URL handed to
// the sampling strategy, the response header metadata value and the URL
// recorded.
type grpcServerCall struct {
	in     inbound.Request
	blocks inboundBlocks
	url    url.URL
	header [1]string
	// requestURL is http.request.url, cut from the string of header[0].
	requestURL string
	// st holds the segment and its parsed incoming header.
	st inboundStorage
}

// begin starts the segment of a call to fullMethod described by ctx's
// incoming metadata, and records its request when it is sampled. It also
// prepares the response header value (c.header[0], "" when none is to be
// sent).
func (c *grpcServerCall) begin(ctx context.Context, o *grpcOptions, fullMethod string) (context.Context, *Segment) {
	c.in = inbound.Request{
		Method:      "POST",
		Scheme:      "grpc",
		Path:        fullMethod,
		Host:        grpcIncomingValue(ctx, ":authority"),
		TraceHeader: grpcIncomingValue(ctx, TraceIDHeaderKey),
	}
	if w3cInbound(c.in.TraceHeader) {
		c.in.Traceparent = grpcIncomingValue(ctx, traceparentMDKey)
	}
	c.url.Path = fullMethod
	r := &http.Request{Method: c.in.Method, Host: c.in.Host, URL: &c.url}
	ctx, seg, hdr := beginInboundIn(ctx, o.name(c.in.Host, fullMethod), &c.in, r, &c.st)
	sampled := seg.isSampled()
	c.prepareStrings(seg, hdr, sampled)
	if sampled {
		c.in.UserAgent = grpcIncomingValue(ctx, "user-agent")
		c.in.XForwardedFor = grpcIncomingValue(ctx, "x-forwarded-for")
		recordInboundRequestURL(seg, &c.in, &c.blocks, c.requestURL)
	}
	return ctx, seg
}

// grpcURLScheme starts the http.request.url of gRPC calls (inbound.Request
// with Scheme "grpc").
const grpcURLScheme = "grpc://"

// prepareStrings sets the "x-amzn-trace-id" response metadata value of
// the call: "Root=<trace id>", plus ";Sampled=<1|0>" (the segment's own
// decision) only when the incoming decision was "Sampled=?"; none when the
// SDK is disabled. When the request is to be recorded it also sets the URL
// recorded as http.request.url; both are cut from one string.
func (c *grpcServerCall) prepareStrings(seg *Segment, incoming *header.Header, record bool) {
	if inboundOff(seg) {
		return
	}
	seg.RLock()
	traceID, sampled := seg.TraceID, seg.Sampled
	seg.RUnlock()
	tail := grpcResponseTail(incoming, sampled)
	if !record {
		c.header[0] = header.RootPrefix + traceID + tail
		return
	}
	all := grpcURLScheme + c.in.Host + c.in.Path + header.RootPrefix + traceID + tail
	n := len(grpcURLScheme) + len(c.in.Host) + len(c.in.Path)
	c.requestURL, c.header[0] = all[:n], all[n:]
}

// headerMD returns the response header metadata carrying the trace header
// (prepareStrings), or nil when none is to be sent.
func (c *grpcServerCall) headerMD() metadata.MD {
	if c.header[0] == "" {
		return nil
	}
	return metadata.MD{TraceIDHeaderKey: c.header[:]}
}

// end records the flags of the handler's outcome err and, for a protobuf
// response, its size. The segment is closed with nil by the caller: server
// errors are flags, not exceptions.
func (c *grpcServerCall) end(seg *Segment, resp any, err error) {
	if !seg.isSampled() {
		return
	}
	size, isProto := protoSize(resp)
	f := grpcClassify(err)
	seg.Lock()
	applyFlagsLocked(seg, f)
	if isProto {
		c.blocks.responseData(seg).ContentLength = size
	}
	seg.Unlock()
}

// grpcResponseTail is what follows "Root=<trace id>" in the response
// header: the segment's decision when the caller asked with "Sampled=?",
// else nothing.
func grpcResponseTail(incoming *header.Header, sampled bool) string {
	switch {
	case incoming == nil || incoming.SamplingDecision != header.Requested:
		return ""
	case sampled:
		return ";" + string(header.Sampled)
	default:
		return ";" + string(header.NotSampled)
	}
}
