package xray

import (
	"context"
	"reflect"
)

// segmentContext is the context the begin functions return with an entity:
// the caller's context with the entity stored under ContextKey, answering
// every call as context.WithValue(parent, ContextKey, seg) would. It lives
// inside the entity (Segment.ctx), so that beginning an entity costs one
// allocation instead of two. It is written once, before the entity is
// handed out, and never changes.
type segmentContext struct {
	context.Context
	seg *Segment
}

// withSegment returns ctx with s stored under ContextKey, using the context
// storage inside s. A nil ctx stands for context.Background(): a missing
// context is a caller's slip the SDK does not turn into a panic.
func withSegment(ctx context.Context, s *Segment) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	s.ctx = segmentContext{Context: ctx, seg: s}
	return &s.ctx
}

// Value returns the entity for its key and asks the parent for any other.
func (c *segmentContext) Value(key interface{}) interface{} {
	if key == ContextKey {
		return c.seg
	}
	return c.Context.Value(key)
}

// String describes the context the way context.WithValue's contexts do.
func (c *segmentContext) String() string {
	return contextString(c.Context) + ".WithValue(" + stringOf(ContextKey) + ", " + stringOf(c.seg) + ")"
}

func contextString(ctx context.Context) string {
	if s, ok := ctx.(interface{ String() string }); ok {
		return s.String()
	}
	return reflect.TypeOf(ctx).String()
}

func stringOf(v interface{}) string {
	switch x := v.(type) {
	case interface{ String() string }:
		return x.String()
	case string:
		return x
	case nil:
		return "<nil>"
	}
	return reflect.TypeOf(v).String()
}

// orBackground returns ctx, or context.Background() when ctx is nil.
func orBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}
