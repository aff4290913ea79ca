package xray

import (
	"context"
	"net/http"
	"net/url"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/inbound"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// UnaryServerInterceptor returns a server interceptor that records every
// unary call in a new root segment, continuing the trace of the incoming
// metadata "x-amzn-trace-id" (when it has exactly one value).
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
		ctx, seg, hdr := call.begin(ctx, o, fullMethod)
		defer seg.Close(nil)
		defer func() {
			if p := recover(); p != nil {
				recordInboundPanic(seg, p)
				panic(p)
			}
		}()
		if md := call.headerMD(seg, hdr); md != nil {
			if err := grpc.SetHeader(ctx, md); err != nil && logger.DebugEnabled() {
				logger.Debugf("xray: failed to send the gRPC trace header: %v", err)
			}
		}
		resp, err = handler(ctx, req)
		call.end(seg, resp, err)
		return resp, err
	}
}

// grpcServerCall is what the server interceptors keep per call, allocated
// once: the blocks the segment's http field points to, the URL handed to
// the sampling strategy, and the response header metadata value.
type grpcServerCall struct {
	in     inbound.Request
	blocks inboundBlocks
	url    url.URL
	header [1]string
}

// begin starts the segment of a call to fullMethod described by ctx's
// incoming metadata, and records its request when it is sampled.
func (c *grpcServerCall) begin(ctx context.Context, o *grpcOptions, fullMethod string) (context.Context, *Segment, *header.Header) {
	c.in = inbound.Request{
		Method:      "POST",
		Scheme:      "grpc",
		Path:        fullMethod,
		Host:        grpcIncomingValue(ctx, ":authority"),
		TraceHeader: grpcIncomingValue(ctx, TraceIDHeaderKey),
	}
	c.url.Path = fullMethod
	r := &http.Request{Method: c.in.Method, Host: c.in.Host, URL: &c.url}
	ctx, seg, hdr := beginInbound(ctx, o.name(c.in.Host, fullMethod), &c.in, r)
	if seg.isSampled() {
		c.in.UserAgent = grpcIncomingValue(ctx, "user-agent")
		c.in.XForwardedFor = grpcIncomingValue(ctx, "x-forwarded-for")
		recordInboundRequestIn(seg, &c.in, &c.blocks)
	}
	return ctx, seg, hdr
}

// headerMD returns the response header metadata carrying the trace header
// (grpcResponseHeader), or nil when none is to be sent.
func (c *grpcServerCall) headerMD(seg *Segment, incoming *header.Header) metadata.MD {
	v := grpcResponseHeader(seg, incoming)
	if v == "" {
		return nil
	}
	c.header[0] = v
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

// grpcIncomingValue returns the value of the incoming metadata key when it
// has exactly one value, else "".
func grpcIncomingValue(ctx context.Context, key string) string {
	if v := metadata.ValueFromIncomingContext(ctx, key); len(v) == 1 {
		return v[0]
	}
	return ""
}

// grpcResponseHeader returns the "x-amzn-trace-id" response metadata value
// of a server segment: "Root=<trace id>", plus ";Sampled=<1|0>" (the
// segment's own decision) only when the incoming decision was "Sampled=?".
// It returns "" when none is to be sent (SDK disabled).
func grpcResponseHeader(seg *Segment, incoming *header.Header) string {
	if inboundOff(seg) {
		return ""
	}
	seg.RLock()
	traceID, sampled := seg.TraceID, seg.Sampled
	seg.RUnlock()
	if incoming == nil || incoming.SamplingDecision != header.Requested {
		return header.RootPrefix + traceID
	}
	if sampled {
		return header.RootPrefix + traceID + ";" + string(header.Sampled)
	}
	return header.RootPrefix + traceID + ";" + string(header.NotSampled)
}
