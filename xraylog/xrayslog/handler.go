package xrayslog

import (
	"context"
	"log/slog"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// TraceIDKey is the attribute key NewHandler adds, as the X-Ray SDK for
// Java names it.
const TraceIDKey = "AWS-XRAY-TRACE-ID"

// noopTraceID is the trace id of unsampled roots: it correlates nothing.
const noopTraceID = "1-00000000-000000000000000000000000"

// Handler is a slog.Handler that adds the X-Ray trace to records logged
// with a context holding a segment or subsegment (xray.GetSegment): the
// attribute TraceIDKey with the value "<trace id>@<entity id>". Records
// without one, or whose entity has no trace id (the SDK is disabled) or the
// no-op trace id of an unsampled root, pass through untouched and cost no
// allocation beyond the wrapped handler's.
//
// The attribute is added to the record like any attribute passed to the
// log call, so it lands inside the groups opened with WithGroup.
//
// Create Handlers with NewHandler; the zero Handler discards every record.
type Handler struct {
	next slog.Handler
}

// NewHandler returns a Handler writing through next. A nil next means the
// handler of slog.Default() at the time of the call.
func NewHandler(next slog.Handler) *Handler {
	if next == nil {
		next = slog.Default().Handler()
	}
	return &Handler{next: next}
}

// Enabled reports whether the wrapped handler is enabled for level.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next != nil && h.next.Enabled(ctx, level)
}

// Handle adds the trace attribute when ctx holds a segment and passes the
// record on to the wrapped handler.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	if h.next == nil {
		return nil
	}
	if seg := xray.GetSegment(ctx); seg != nil {
		if v, ok := traceValue(seg); ok {
			r = r.Clone() // the caller's record may share attribute storage
			r.AddAttrs(slog.String(TraceIDKey, v))
		}
	}
	return h.next.Handle(ctx, r)
}

// WithAttrs returns a Handler wrapping the wrapped handler's WithAttrs.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 || h.next == nil {
		return h
	}
	return &Handler{next: h.next.WithAttrs(attrs)}
}

// WithGroup returns a Handler wrapping the wrapped handler's WithGroup.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" || h.next == nil {
		return h
	}
	return &Handler{next: h.next.WithGroup(name)}
}

// traceValue returns "<trace id>@<entity id>" for seg, or false when seg
// has nothing to correlate.
func traceValue(seg *xray.Segment) (string, bool) {
	seg.RLock()
	traceID, id := seg.TraceID, seg.ID
	seg.RUnlock()
	if traceID == "" || id == "" || traceID == noopTraceID {
		return "", false
	}
	return traceID + "@" + id, true
}
