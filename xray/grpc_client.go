package xray

import (
	"context"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/protoadapt"
)

// UnaryClientInterceptor returns a client interceptor that records every
// unary call in a subsegment of the entity in the call's context, and
// sends the subsegment's trace header as the outgoing metadata
// "x-amzn-trace-id" (and its DownstreamTraceparent as "traceparent" when
// W3CTraceContextEnabled).
//
// The subsegment is named after the called service ("pkg.Service"), or by
// the WithSegmentNamer namer given the connection's target. It has
// namespace "remote", http.request {url: "grpc://<target><method>",
// method: "POST"}, http.response.content_length (the size of a protobuf
// reply), and the flags of the call's status code. Any error also faults
// the subsegment and is recorded as an exception, as Capture does.
//
// With no entity in the context, the context-missing strategy is told and
// the call is made untraced: tracing never fails an RPC.
func UnaryClientInterceptor(opts ...GrpcOption) grpc.UnaryClientInterceptor {
	o := newGrpcOptions(opts)
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, callOpts ...grpc.CallOption) error {
		ctx = o.withRecorder(ctx)
		target := grpcTarget(cc)
		return Capture(ctx, o.name(target, method), func(ctx context.Context) error {
			seg := GetSegment(ctx)
			if seg == nil {
				if logger.DebugEnabled() {
					logger.Debugf("xray: gRPC call %s made untraced: segment cannot be found", method)
				}
				return invoker(ctx, method, req, reply, cc, callOpts...)
			}
			ctx = grpcStartClientCall(ctx, seg, target, method)
			err := invoker(ctx, method, req, reply, cc, callOpts...)
			if seg.isSampled() {
				seg.Lock()
				if size, ok := protoSize(reply); ok {
					seg.GetHTTP().GetResponse().ContentLength = size
				}
				applyFlagsLocked(seg, grpcClassify(err))
				seg.Unlock()
			}
			return err
		})
	}
}

// grpcStartClientCall records the request of a client call on seg and
// returns ctx with seg's trace header appended to the outgoing metadata
// (and its traceparent, with W3C Trace Context interop on). The header is
// sent for unsampled subsegments too (it says Sampled=0).
func grpcStartClientCall(ctx context.Context, seg *Segment, target, method string) context.Context {
	if SdkDisabled() {
		return ctx
	}
	if seg.isSampled() {
		seg.Lock()
		seg.Namespace = "remote"
		r := seg.GetHTTP().GetRequest()
		r.URL = "grpc://" + target + method
		r.Method = "POST"
		seg.Unlock()
	}
	if tp := w3cOutbound(seg); tp != "" {
		return metadata.AppendToOutgoingContext(ctx, TraceIDHeaderKey, seg.DownstreamHeader().String(), traceparentMDKey, tp)
	}
	return metadata.AppendToOutgoingContext(ctx, TraceIDHeaderKey, seg.DownstreamHeader().String())
}

// grpcTarget is cc's target, or "" for a nil connection.
func grpcTarget(cc *grpc.ClientConn) string {
	if cc == nil {
		return ""
	}
	return cc.Target()
}

// protoSize returns the encoded size of a protobuf message (generated with
// either API generation) and whether v is one. Never panics.
func protoSize(v any) (size int, ok bool) {
	defer func() {
		if recover() != nil {
			size = 0
		}
	}()
	switch m := v.(type) {
	case proto.Message:
		return proto.Size(m), true
	case protoadapt.MessageV1:
		return proto.Size(protoadapt.MessageV2Of(m)), true
	}
	return 0, false
}
