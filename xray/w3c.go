package xray

import (
	"sync/atomic"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/internal/w3c"
)

// W3C Trace Context interop (opt-in). When it is on:
//
//   - the server integrations (Handler, the fasthttp handler and the gRPC
//     server interceptors) continue the trace of a valid "traceparent"
//     header (metadata key in gRPC) when the request has no
//     X-Amzn-Trace-Id: the W3C trace id becomes the trace id, its parent id
//     the segment's parent_id, and bit 0 of its flags the sampling decision
//     (tracestate is ignored). An invalid traceparent is ignored, as if it
//     were absent. X-Amzn-Trace-Id, when present, always wins.
//   - the client integrations (Client/RoundTripper, the gRPC client
//     interceptors, the AWS SDK v1 handlers and the awsv2 middleware) send
//     the calling entity's DownstreamTraceparent next to X-Amzn-Trace-Id.
//
// When it is off (the default) nothing of the above happens and it costs
// one check per request.

// envW3CTraceContext turns W3C Trace Context interop on ("true") or off
// ("false"), whatever SetW3CTraceContext said.
const envW3CTraceContext = "AWS_XRAY_W3C_TRACE_CONTEXT"

// Names of the traceparent header: canonical HTTP form and gRPC metadata
// key.
const (
	traceparentCanonical = "Traceparent"
	traceparentMDKey     = "traceparent"
)

var (
	// w3cOn is the setting of SetW3CTraceContext.
	w3cOn atomic.Bool
	// w3cWarned is set once an unrecognised AWS_XRAY_W3C_TRACE_CONTEXT
	// value has been logged.
	w3cWarned atomic.Bool
)

// W3CTraceContextEnabled reports whether W3C Trace Context interop is on:
// AWS_XRAY_W3C_TRACE_CONTEXT when it is "true" or "false" (any case),
// otherwise the last SetW3CTraceContext call (off when there was none).
// The variable is read on every call, so it can be changed at run time
// (t.Setenv in tests); an unrecognised value is logged once and ignored.
func W3CTraceContextEnabled() bool {
	v := getenv(envW3CTraceContext)
	if v != "" {
		switch {
		case asciiEqualFold(v, "true"):
			return true
		case asciiEqualFold(v, "false"):
			return false
		}
		if w3cWarned.CompareAndSwap(false, true) {
			logger.Warnf("xray: unrecognised %s value %q (want true or false); ignoring it", envW3CTraceContext, v)
		}
	}
	return w3cOn.Load()
}

// SetW3CTraceContext turns W3C Trace Context interop on or off for the
// process, from now on, and returns a function that restores the previous
// setting (for tests: t.Cleanup(xray.SetW3CTraceContext(true))). It is safe
// to call at any time. AWS_XRAY_W3C_TRACE_CONTEXT, when set to "true" or
// "false", overrides it, as the SDK's other environment variables override
// the settings made in code.
func SetW3CTraceContext(on bool) (restore func()) {
	prev := w3cOn.Swap(on)
	return func() { w3cOn.Store(prev) }
}

// DownstreamTraceparent returns the W3C traceparent value to send with
// calls made on behalf of this entity, the counterpart of
// DownstreamHeader: version 00, the trace id of DownstreamHeader without
// the "1-" and the dash, this entity's id as the parent id, and flags 01
// when the entity is sampled, 00 when not.
//
// W3C forbids all-zero ids, which X-Ray uses for unsampled entities (see
// AWS_XRAY_NOOP_ID): an unsampled entity with the all-zero id names its
// root's parent (the caller that decided not to sample) instead, and when
// there is none, or the trace id itself cannot be written in W3C form (the
// all-zero trace id of an unsampled trace begun here, or an id that is not
// "1-" and 8 + 24 lower-case hex digits), it returns "". It also returns ""
// when the SDK is disabled. It does not depend on W3CTraceContextEnabled.
func (s *Segment) DownstreamTraceparent() string {
	if s == nil || SdkDisabled() {
		return ""
	}
	root := s.root()
	traceID := root.TraceID
	if in := root.IncomingHeader; in != nil && in.TraceID != "" {
		traceID = in.TraceID
	}
	if v, ok := w3c.Format(traceID, s.ID, s.Sampled); ok {
		return v
	}
	if !s.Sampled {
		if v, ok := w3c.Format(traceID, root.ParentID, false); ok {
			return v
		}
	}
	return ""
}

// w3cInbound reports whether a server integration is to read the
// traceparent of a request whose X-Amzn-Trace-Id value is traceHeader:
// only when that is empty and the interop is on. The one check the interop
// costs a server when it is off.
func w3cInbound(traceHeader string) bool {
	return traceHeader == "" && W3CTraceContextEnabled()
}

// traceparentHeader returns the trace header equivalent of a traceparent
// value: Root and Parent converted, Sampled=1 or Sampled=0 from the flags.
// It returns nil when tp is not valid or the interop is off.
func traceparentHeader(tp string) *header.Header {
	if !W3CTraceContextEnabled() {
		return nil
	}
	traceID, parentID, sampled, ok := w3c.Parse(tp)
	if !ok {
		if logger.DebugEnabled() {
			logger.Debugf("xray: ignoring invalid traceparent %q", tp)
		}
		return nil
	}
	decision := header.NotSampled
	if sampled {
		decision = header.Sampled
	}
	return &header.Header{
		TraceID:          traceID,
		ParentID:         parentID,
		SamplingDecision: decision,
		AdditionalData:   make(map[string]string), // never nil, as header.FromString
	}
}

// w3cOutbound returns the traceparent value a client integration is to
// send for seg next to its X-Amzn-Trace-Id, or "" when none is to be sent
// (the interop is off, or DownstreamTraceparent has none). The one check
// the interop costs a client when it is off.
func w3cOutbound(seg *Segment) string {
	if !W3CTraceContextEnabled() {
		return ""
	}
	return seg.DownstreamTraceparent()
}
