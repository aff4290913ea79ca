package xray

import (
	"context"
	"net/http"
	"strconv"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/inbound"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// Canonical header names, so that lookups skip canonicalisation.
const (
	traceHeaderCanonical = "X-Amzn-Trace-Id"
	forwardedForHeader   = "X-Forwarded-For"
	contentLengthHeader  = "Content-Length"
	userAgentHeader      = "User-Agent"
)

// Handler wraps h so that every request it serves is traced as a root
// segment named by sn. An incoming X-Amzn-Trace-Id header is honoured (the
// segment continues its trace and follows its sampling decision; without
// one, a single valid traceparent header is, when W3CTraceContextEnabled),
// the response carries an X-Amzn-Trace-Id header, and the segment records the
// request, the response status and the declared Content-Length. The
// segment is in the request's context (GetSegment(r.Context())) while h
// runs and is closed and sent when h returns. A panic in h is recorded as
// a fault with the panic as its cause, the segment is sent, and the panic
// goes on.
//
// The recorder configuration is whatever the request's context carries,
// e.g. from http.Server.BaseContext and ContextWithConfig.
func Handler(sn SegmentNamer, h http.Handler) http.Handler {
	sn, h = checkHandlerArgs(sn, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serveTraced(r.Context(), sn, h, w, r)
	})
}

// HandlerWithContext is Handler with the recorder configuration of ctx:
// GetRecorder(ctx) is read once, now, and every request's segment uses it
// (a nil one included, which means the process-wide configuration), in
// place of any configuration the request's own context carries.
func HandlerWithContext(ctx context.Context, sn SegmentNamer, h http.Handler) http.Handler {
	sn, h = checkHandlerArgs(sn, h)
	cfg := GetRecorder(ctx)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serveTraced(context.WithValue(r.Context(), RecorderContextKey{}, cfg), sn, h, w, r)
	})
}

// hostNamer names segments after the request's host; it stands in for a
// nil SegmentNamer.
type hostNamer struct{}

func (hostNamer) Name(host string) string { return host }

// checkHandlerArgs replaces a nil namer and a nil handler (which would
// otherwise fail on every request) with working defaults, and says so.
func checkHandlerArgs(sn SegmentNamer, h http.Handler) (SegmentNamer, http.Handler) {
	if sn == nil {
		logger.Errorf("xray: Handler given a nil SegmentNamer; segments are named after the request host")
		sn = hostNamer{}
	}
	if h == nil {
		logger.Errorf("xray: Handler given a nil http.Handler; using http.DefaultServeMux")
		h = http.DefaultServeMux
	}
	return sn, h
}

// httpServerCall is the per-request state of Handler, allocated once: the
// response writer wrapper's recording part, the root segment, the parsed
// incoming header and the bytes of the recorded URL and the response
// trace header (when they fit).
type httpServerCall struct {
	rw   responseWriter
	st   inboundStorage
	strs [httpCallStrings]byte
}

// httpCallStrings is room for "http://<host><path>" and a response trace
// header with a parent ("Root=<35>;Parent=<16>;Sampled=1", 74 bytes),
// sized so that httpServerCall fills the 1024-byte size class, its 8-byte
// allocation header included (longer strings take one allocation of their
// own).
const httpCallStrings = 120

// serveTraced begins the request's segment in ctx and serves r with h in
// it.
func serveTraced(ctx context.Context, sn SegmentNamer, h http.Handler, w http.ResponseWriter, r *http.Request) {
	c := &httpServerCall{rw: responseWriter{w: w, status: http.StatusOK}}
	in := inbound.Request{TraceHeader: headerValue(r.Header, traceHeaderCanonical)}
	// The header first: it is usually absent, and the interop setting is
	// read from the environment.
	if v := r.Header[traceparentCanonical]; len(v) == 1 && w3cInbound(in.TraceHeader) {
		in.Traceparent = v[0]
	}
	ctx, seg, hdr := beginInboundIn(ctx, sn.Name(r.Host), &in, r, &c.st)
	defer seg.Close(nil)
	httpTrace(seg, h, w, c.rw.as(writerMask(w)), &c.rw, r.WithContext(ctx), hdr, c.strs[:])
}

// headerValue is h.Get(key) for a key already in canonical form, without
// canonicalising it again.
func headerValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// describeRequest returns the inbound description of r (its trace header
// excepted, which HttpTrace does not need).
func describeRequest(r *http.Request) inbound.Request {
	in := inbound.Request{
		Method:        r.Method,
		Host:          r.Host,
		TLS:           r.TLS != nil,
		RemoteAddr:    r.RemoteAddr,
		XForwardedFor: headerValue(r.Header, forwardedForHeader),
		UserAgent:     headerValue(r.Header, userAgentHeader),
	}
	if r.URL != nil {
		in.Path = r.URL.Path
	}
	return in
}

// HttpTrace serves r with h on behalf of seg, which it fills in: the
// request (method, URL without query, client IP, x_forwarded_for, user
// agent) before h runs, the response header X-Amzn-Trace-Id (built from seg
// and the incoming header hdr, which may be nil) set on w before h runs,
// and after h returns the response status h wrote (200 if none) with its
// error/throttle/fault flags and the Content-Length header h set, if any.
// h receives a writer that records the status and implements exactly the
// optional interfaces (http.Flusher, http.Hijacker, http.Pusher,
// io.ReaderFrom, http.CloseNotifier) w implements, plus Unwrap for
// http.ResponseController. HttpTrace does not close seg.
//
// If h panics, seg records a fault with the panic as its cause (and the
// status, if h had started the response), and the panic goes on.
func HttpTrace(seg *Segment, h http.Handler, w http.ResponseWriter, r *http.Request, hdr *header.Header) {
	wrapped, rw := wrapResponseWriter(w)
	httpTrace(seg, h, w, wrapped, rw, r, hdr, nil)
}

// httpTrace is HttpTrace with w already wrapped (wrapped, rw) and buf, when
// it has room, holding the URL and response header strings (see
// recordInboundRequestHeader).
func httpTrace(seg *Segment, h http.Handler, w, wrapped http.ResponseWriter, rw *responseWriter, r *http.Request, hdr *header.Header, buf []byte) {
	in := describeRequest(r)
	if v := recordInboundRequestHeader(seg, &in, &rw.blocks, hdr, buf); v != "" {
		// Header.Set with the canonical name, without its allocation.
		rw.traceHeader[0] = v
		w.Header()[traceHeaderCanonical] = rw.traceHeader[:]
	}

	defer func() {
		if p := recover(); p != nil {
			recordInboundPanic(seg, p)
			if rw.wroteHeader {
				recordInboundResponseIn(seg, rw.status, 0, &rw.blocks)
			}
			panic(p)
		}
	}()
	h.ServeHTTP(wrapped, r)

	recordInboundResponseIn(seg, rw.status, declaredContentLength(w.Header()), &rw.blocks)
}

// declaredContentLength is the integer value of the Content-Length header
// the handler set, or 0 when it set none or an unparsable one. (net/http
// adds its own Content-Length only after the handler has returned, and the
// bytes written are deliberately not counted: upstream compatibility.)
func declaredContentLength(h http.Header) int {
	v := headerValue(h, contentLengthHeader)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	return n
}

// HttpCaptureResponse records statusCode as seg's http.response.status and
// sets seg's flags from it: 400–499 error, 429 also throttle, 500–599
// fault. Flags are only ever set, never cleared. A nil seg is ignored.
func HttpCaptureResponse(seg *Segment, statusCode int) {
	if seg == nil {
		return
	}
	seg.Lock()
	seg.GetHTTP().GetResponse().Status = statusCode
	applyFlagsLocked(seg, inbound.Classify(statusCode))
	seg.Unlock()
}
