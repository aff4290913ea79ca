package xray

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// grpcSetTraceHeader sets the response header metadata "x-amzn-trace-id"
// of a unary call to v, as grpc.SetHeader(ctx, ...) does; a failure is only
// logged at DEBUG.
//
// grpc's own server transport stream merges what SetHeader gives it into a
// copy (metadata.Join), so for that stream the metadata is taken from a pool
// and reused once SetHeader returns. Any other stream (a test double, a
// gateway) gets metadata of its own, which it may keep.
func grpcSetTraceHeader(ctx context.Context, v string) {
	var err error
	if st := grpc.ServerTransportStreamFromContext(ctx); st != nil && grpcStreamCopiesHeader(st) {
		h := grpcHeaderPool.Get().(*grpcHeaderMD)
		h.value[0] = v
		err = st.SetHeader(h.md)
		h.value[0] = ""
		grpcHeaderPool.Put(h)
	} else {
		err = grpc.SetHeader(ctx, metadata.MD{TraceIDHeaderKey: []string{v}})
	}
	if err != nil && logger.DebugEnabled() {
		logger.Debugf("xray: failed to send the gRPC trace header: %v", err)
	}
}

// grpcHeaderMD is reusable response header metadata: md holds one key,
// TraceIDHeaderKey, whose value slice is value[:].
type grpcHeaderMD struct {
	md    metadata.MD
	value [1]string
}

var grpcHeaderPool = sync.Pool{New: func() interface{} {
	h := &grpcHeaderMD{}
	h.md = metadata.MD{TraceIDHeaderKey: h.value[:]}
	return h
}}

// grpcHeaderCopier is implemented by server transport streams (test
// doubles) whose SetHeader, like grpc's transport stream, keeps only a copy
// of the metadata it is given.
type grpcHeaderCopier interface {
	copiesSetHeaderMetadata()
}

// grpcTransportStreamType is the type of grpc's server transport stream,
// once seen.
var grpcTransportStreamType atomic.Pointer[reflect.Type]

// grpcStreamCopiesHeader reports whether st's SetHeader keeps only a copy of
// its argument: st is grpc's own server transport stream
// (google.golang.org/grpc/internal/transport.ServerStream, whose SetHeader
// stores metadata.Join(previous, md)), or declares it.
func grpcStreamCopiesHeader(st grpc.ServerTransportStream) bool {
	t := reflect.TypeOf(st)
	if known := grpcTransportStreamType.Load(); known != nil && *known == t {
		return true
	}
	if _, ok := st.(grpcHeaderCopier); ok {
		return true
	}
	if t.Kind() != reflect.Pointer {
		return false
	}
	if e := t.Elem(); e.PkgPath() == "google.golang.org/grpc/internal/transport" && e.Name() == "ServerStream" {
		known := t
		grpcTransportStreamType.Store(&known)
		return true
	}
	return false
}
