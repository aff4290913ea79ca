package xray

import (
	"context"
	"errors"
	"io"
	"sync/atomic"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// StreamClientInterceptor returns a client interceptor for streaming calls
// (server-streaming, client-streaming and bidirectional). It is not part of
// upstream's API; it takes the same options as UnaryClientInterceptor.
//
// A stream is one subsegment, begun when the stream is opened and closed
// when its final status is known: RecvMsg returns an error (io.EOF means
// OK), the single response of a client-streaming call arrives, SendMsg or
// Header fails, or the call's context is done. The subsegment records what
// a unary call records (name, namespace "remote", http.request, status
// flags, error as exception) plus, as metadata in the "grpc" namespace,
// "messages_sent" and "messages_received": how many messages the client
// sent and received. The trace header goes out as the outgoing metadata
// "x-amzn-trace-id".
//
// With no entity in the context, the context-missing strategy is told and
// the stream is opened untraced.
func StreamClientInterceptor(opts ...GrpcOption) grpc.StreamClientInterceptor {
	o := newGrpcOptions(opts)
	return func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, callOpts ...grpc.CallOption) (grpc.ClientStream, error) {
		ctx = o.withRecorder(ctx)
		target := grpcTarget(cc)
		sctx, seg := BeginSubsegment(ctx, o.name(target, method))
		if seg == nil {
			if logger.DebugEnabled() {
				logger.Debugf("xray: gRPC stream %s opened untraced: segment cannot be found", method)
			}
			return streamer(ctx, desc, cc, method, callOpts...)
		}
		sctx = grpcStartClientCall(sctx, seg, target, method)
		cs, err := streamer(sctx, desc, cc, method, callOpts...)
		if err != nil {
			grpcEndClientCall(seg, err, 0, 0)
			return cs, err
		}
		w := &tracedClientStream{ClientStream: cs, seg: seg, ctx: sctx}
		if desc != nil {
			w.unaryResponse = !desc.ServerStreams
		}
		w.stop = context.AfterFunc(sctx, w.contextDone)
		return w, nil
	}
}

// tracedClientStream counts the messages of a client stream and closes its
// subsegment once, when the stream's final status is known.
type tracedClientStream struct {
	grpc.ClientStream
	seg *Segment
	ctx context.Context
	// unaryResponse is set for client-streaming calls: the first
	// successful RecvMsg carries the status OK.
	unaryResponse bool
	stop          func() bool
	sent, recv    atomic.Int64
	done          atomic.Bool
}

// SendMsg sends m and counts it. An error other than io.EOF ends the
// stream (io.EOF means the status is to be read with RecvMsg).
func (cs *tracedClientStream) SendMsg(m any) error {
	err := cs.ClientStream.SendMsg(m)
	switch {
	case err == nil:
		cs.sent.Add(1)
	case !errors.Is(err, io.EOF):
		cs.finish(err)
	}
	return err
}

// RecvMsg receives into m and counts it. io.EOF ends the stream with OK,
// any other error with that error.
func (cs *tracedClientStream) RecvMsg(m any) error {
	err := cs.ClientStream.RecvMsg(m)
	switch {
	case err == nil:
		cs.recv.Add(1)
		if cs.unaryResponse {
			cs.finish(nil)
		}
	case errors.Is(err, io.EOF):
		cs.finish(nil)
	default:
		cs.finish(err)
	}
	return err
}

// Header returns the server's header metadata; an error ends the stream.
func (cs *tracedClientStream) Header() (md metadata.MD, err error) {
	md, err = cs.ClientStream.Header()
	if err != nil {
		cs.finish(err)
	}
	return md, err
}

// contextDone ends the stream with the status of the done context. It runs
// on its own goroutine and never reads cs.stop, which may still be being
// set.
func (cs *tracedClientStream) contextDone() {
	if cs.done.CompareAndSwap(false, true) {
		grpcEndClientCall(cs.seg, status.FromContextError(cs.ctx.Err()).Err(), cs.sent.Load(), cs.recv.Load())
	}
}

// finish ends the stream with err, unless it has ended already. Called by
// the stream's methods, which the user can only reach once the
// interceptor set cs.stop.
func (cs *tracedClientStream) finish(err error) {
	if !cs.done.CompareAndSwap(false, true) {
		return
	}
	cs.stop()
	grpcEndClientCall(cs.seg, err, cs.sent.Load(), cs.recv.Load())
}

// grpcEndClientCall records the outcome of a client stream and closes its
// subsegment with err.
func grpcEndClientCall(seg *Segment, err error, sent, recv int64) {
	if seg.isSampled() {
		seg.Lock()
		applyFlagsLocked(seg, grpcClassify(err))
		seg.Unlock()
		grpcRecordCounts(seg, sent, recv)
	}
	seg.Close(err)
}

// grpcRecordCounts records a stream's message counts as metadata.
func grpcRecordCounts(seg *Segment, sent, recv int64) {
	_ = seg.AddMetadataToNamespace("grpc", "messages_sent", sent)
	_ = seg.AddMetadataToNamespace("grpc", "messages_received", recv)
}
