package xray

import (
	"context"
	"errors"
)

// ContextKeytype is the type of ContextKey.
type ContextKeytype int

// ContextKey is the context key under which the current segment or
// subsegment is stored.
var ContextKey = new(ContextKeytype)

// RecorderContextKey is the context key under which ContextWithConfig stores
// its *Config.
type RecorderContextKey struct{}

// Keys the fasthttp integration stores the entity and the config under.
const (
	fasthttpSegmentKey  = "xray-ck"
	fasthttpRecorderKey = "xray-rck"
)

// ErrRetrieveSegment is returned by the context forms of AddAnnotation,
// AddMetadata, AddMetadataToNamespace and AddError when the context holds no
// segment.
var ErrRetrieveSegment = errors.New("unable to retrieve segment")

// GetSegment returns the segment or subsegment stored in ctx, or nil.
func GetSegment(ctx context.Context) *Segment {
	if ctx == nil {
		return nil
	}
	if s, ok := ctx.Value(ContextKey).(*Segment); ok {
		return s
	}
	if s, ok := ctx.Value(fasthttpSegmentKey).(*Segment); ok {
		return s
	}
	return nil
}

// TraceID returns the trace id of the entity in ctx, or "".
func TraceID(ctx context.Context) string {
	s := GetSegment(ctx)
	if s == nil {
		return ""
	}
	s.RLock()
	defer s.RUnlock()
	return s.TraceID
}

// RequestWasTraced reports whether the entity in ctx, or any entity above
// it, belongs to a request that arrived with a trace header.
func RequestWasTraced(ctx context.Context) bool {
	for s := GetSegment(ctx); s != nil; s = s.parent {
		s.RLock()
		traced := s.RequestWasTraced
		s.RUnlock()
		if traced {
			return true
		}
	}
	return false
}

// DetachContext returns a context that holds only the entity of ctx: no
// deadline, no cancellation, no values, no per-context Config. Use it for
// work that outlives the request.
func DetachContext(ctx context.Context) context.Context {
	return context.WithValue(context.Background(), ContextKey, GetSegment(ctx))
}

// AddAnnotation adds an annotation to the entity in ctx.
func AddAnnotation(ctx context.Context, key string, value interface{}) error {
	if s := GetSegment(ctx); s != nil {
		return s.AddAnnotation(key, value)
	}
	return ErrRetrieveSegment
}

// AddMetadata adds metadata in the "default" namespace to the entity in ctx.
func AddMetadata(ctx context.Context, key string, value interface{}) error {
	if s := GetSegment(ctx); s != nil {
		return s.AddMetadata(key, value)
	}
	return ErrRetrieveSegment
}

// AddMetadataToNamespace adds metadata in namespace to the entity in ctx.
func AddMetadataToNamespace(ctx context.Context, namespace string, key string, value interface{}) error {
	if s := GetSegment(ctx); s != nil {
		return s.AddMetadataToNamespace(namespace, key, value)
	}
	return ErrRetrieveSegment
}

// AddError records err on the entity in ctx (fault and a cause exception).
func AddError(ctx context.Context, err error) error {
	if s := GetSegment(ctx); s != nil {
		return s.AddError(err)
	}
	return ErrRetrieveSegment
}
