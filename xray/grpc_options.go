package xray

import (
	"context"
	"strings"
)

// GrpcOption configures the gRPC interceptors (UnaryClientInterceptor,
// UnaryServerInterceptor, StreamClientInterceptor, StreamServerInterceptor).
// Only this package's constructors create one: WithRecorder and
// WithSegmentNamer.
type GrpcOption interface {
	apply(o *grpcOptions)
}

// grpcOptions is the resolved configuration of one interceptor.
type grpcOptions struct {
	config *Config
	namer  SegmentNamer
}

type grpcOptionFunc func(o *grpcOptions)

func (f grpcOptionFunc) apply(o *grpcOptions) { f(o) }

// WithRecorder makes the interceptor store cfg in the call's context under
// RecorderContextKey{} before anything else, as ContextWithConfig does: the
// segments it begins use cfg's settings over the process-wide ones.
func WithRecorder(cfg *Config) GrpcOption {
	return grpcOptionFunc(func(o *grpcOptions) { o.config = cfg })
}

// WithSegmentNamer makes the interceptor name its (sub)segments with sn:
// the client side passes the connection's target, the server side the
// call's :authority. Without it the name is the service part of the full
// method ("/pkg.Service/Method" gives "pkg.Service").
func WithSegmentNamer(sn SegmentNamer) GrpcOption {
	return grpcOptionFunc(func(o *grpcOptions) { o.namer = sn })
}

func newGrpcOptions(opts []GrpcOption) *grpcOptions {
	o := &grpcOptions{}
	for _, opt := range opts {
		if opt != nil {
			opt.apply(o)
		}
	}
	return o
}

// withRecorder returns ctx carrying the configured recorder, if any.
func (o *grpcOptions) withRecorder(ctx context.Context) context.Context {
	if o.config == nil {
		return ctx
	}
	return context.WithValue(ctx, RecorderContextKey{}, o.config)
}

// name returns the (sub)segment name for a call to fullMethod, given the
// target (client) or authority (server) the namer sees.
func (o *grpcOptions) name(hostOrTarget, fullMethod string) string {
	if o.namer != nil {
		return o.namer.Name(hostOrTarget)
	}
	return inferServiceName(fullMethod)
}

// inferServiceName returns the service part of a full gRPC method name:
// "/com.example.Service/Method" gives "com.example.Service". A string
// without a second '/' gives the whole string minus a leading '/'. Never
// panics.
func inferServiceName(fullMethod string) string {
	s := strings.TrimPrefix(fullMethod, "/")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[:i]
	}
	return s
}
