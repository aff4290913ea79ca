package xray

import (
	"context"
	"sync/atomic"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"google.golang.org/grpc"
)

// StreamServerInterceptor returns a server interceptor for streaming calls
// (server-streaming, client-streaming and bidirectional). It is not part of
// upstream's API; it takes the same options as UnaryServerInterceptor.
//
// A stream is one root segment, begun when the call arrives and closed
// when the handler returns (the call's final status). It records what a
// unary call records (name, http.request, trace header continuation and
// response header metadata, status flags, panics) except the response
// size, plus, as metadata in the "grpc" namespace, "messages_sent" and
// "messages_received": how many messages the server sent and received. The
// stream handed to the handler returns a context carrying the segment.
func StreamServerInterceptor(opts ...GrpcOption) grpc.StreamServerInterceptor {
	o := newGrpcOptions(opts)
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
		var fullMethod string
		if info != nil {
			fullMethod = info.FullMethod
		}
		ctx := o.withRecorder(ss.Context())
		call := &grpcServerCall{}
		ctx, seg := call.begin(ctx, o, fullMethod)
		w := &tracedServerStream{ServerStream: ss, ctx: ctx}
		defer seg.Close(nil)
		defer func() {
			if p := recover(); p != nil {
				grpcRecordCounts(seg, w.sent.Load(), w.recv.Load())
				recordInboundPanic(seg, p)
				panic(p)
			}
		}()
		if md := call.headerMD(); md != nil {
			if err := ss.SetHeader(md); err != nil && logger.DebugEnabled() {
				logger.Debugf("xray: failed to send the gRPC trace header: %v", err)
			}
		}
		err = handler(srv, w)
		if seg.isSampled() {
			recordInboundFlags(seg, grpcClassify(err))
			grpcRecordCounts(seg, w.sent.Load(), w.recv.Load())
		}
		return err
	}
}

// tracedServerStream hands the handler a context carrying the segment and
// counts the messages sent and received.
type tracedServerStream struct {
	grpc.ServerStream
	ctx        context.Context
	sent, recv atomic.Int64
}

// Context returns the stream's context with the call's segment.
func (ss *tracedServerStream) Context() context.Context { return ss.ctx }

// SendMsg sends m and counts it when it was sent.
func (ss *tracedServerStream) SendMsg(m any) error {
	err := ss.ServerStream.SendMsg(m)
	if err == nil {
		ss.sent.Add(1)
	}
	return err
}

// RecvMsg receives into m and counts it when a message arrived.
func (ss *tracedServerStream) RecvMsg(m any) error {
	err := ss.ServerStream.RecvMsg(m)
	if err == nil {
		ss.recv.Add(1)
	}
	return err
}
