package xray

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/inbound"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/valyala/fasthttp"
)

// FastHTTPHandler wraps fasthttp request handlers so that every request
// they serve is traced. NewFastHTTPInstrumentor returns one.
type FastHTTPHandler interface {
	// Handler returns a handler that traces each request in a root
	// segment named by sn (given the request's host) and serves it with h.
	Handler(sn SegmentNamer, h fasthttp.RequestHandler) fasthttp.RequestHandler
}

// NewFastHTTPInstrumentor returns a FastHTTPHandler whose segments use cfg
// (nil: the process-wide configuration).
//
// For each request the wrapped handler continues the trace of the request
// header X-Amzn-Trace-Id (without one, that of a single valid traceparent
// header, when W3CTraceContextEnabled), records the request (method, URL
// without query, client IP, x_forwarded_for, user agent), sets the X-Amzn-Trace-Id
// response header before h runs, then records the response status with its
// flags and the Content-Length h declared. While h runs, the
// *fasthttp.RequestCtx itself works as the context of the segment:
// GetSegment(ctx), BeginSubsegment(ctx, …), Capture(ctx, …) and
// GetRecorder(ctx). A request URI that does not parse is answered with
// 500 "Internal Server Error" (and logged through ctx.Logger()) without a
// segment. A panic in h faults the segment, which is sent, and goes on.
//
// The fasthttp request is read in place: it is never converted to an
// *http.Request.
func NewFastHTTPInstrumentor(cfg *Config) FastHTTPHandler {
	fi := &fasthttpInstrumentor{cfg: cfg, base: context.Background()}
	if cfg != nil {
		//lint:ignore SA1029 the key is upstream's user-value name, shared with the RequestCtx.
		fi.base = context.WithValue(fi.base, fasthttpRecorderKey, cfg)
	}
	return fi
}

type fasthttpInstrumentor struct {
	cfg *Config
	// base is the context segments are begun in: it carries cfg, so that
	// the segment's configuration does not depend on the RequestCtx.
	base context.Context
}

// Handler implements FastHTTPHandler. A nil sn names segments after the
// request's host; a nil h answers 404 Not Found. Both are logged once.
func (fi *fasthttpInstrumentor) Handler(sn SegmentNamer, h fasthttp.RequestHandler) fasthttp.RequestHandler {
	if sn == nil {
		logger.Errorf("xray: FastHTTPHandler.Handler given a nil SegmentNamer; segments are named after the request host")
	}
	if h == nil {
		logger.Errorf("xray: FastHTTPHandler.Handler given a nil handler; requests are answered 404 Not Found")
		h = func(ctx *fasthttp.RequestCtx) {
			ctx.SetStatusCode(fasthttp.StatusNotFound)
			ctx.SetBodyString("404 Page not found")
		}
	}
	return func(ctx *fasthttp.RequestCtx) { fi.serve(ctx, sn, h) }
}

func (fi *fasthttpInstrumentor) serve(ctx *fasthttp.RequestCtx, sn SegmentNamer, h fasthttp.RequestHandler) {
	if fi.cfg != nil {
		ctx.SetUserValue(fasthttpRecorderKey, fi.cfg)
	}
	call := &fasthttpCall{}
	if err := call.describe(ctx); err != nil {
		ctx.Logger().Printf("cannot parse requestURI %q: %s", ctx.RequestURI(), err)
		// ctx.Error without its Response.Reset, which would drop headers
		// set by outer handlers and the server's settings.
		ctx.SetStatusCode(fasthttp.StatusInternalServerError)
		ctx.SetContentType("text/plain; charset=utf-8")
		ctx.SetBodyString("Internal Server Error")
		return
	}
	name := call.in.Host
	if sn != nil {
		name = sn.Name(call.in.Host)
	}
	sampling := &http.Request{Method: call.in.Method, Host: call.in.Host, URL: &call.url}
	_, seg, hdr := beginInboundIn(fi.base, name, &call.in, sampling, &call.st)
	defer seg.Close(nil)
	ctx.SetUserValue(fasthttpSegmentKey, seg)
	defer func() {
		if p := recover(); p != nil {
			recordInboundPanic(seg, p)
			panic(p)
		}
	}()
	if seg.isSampled() {
		recordInboundRequestIn(seg, &call.in, &call.blocks)
	}
	call.setTraceHeader(ctx, seg, hdr)
	h(ctx)
	if seg.isSampled() {
		recordInboundResponseIn(seg, ctx.Response.StatusCode(), fasthttpContentLength(ctx), &call.blocks)
	}
}

// fasthttpCall is what the handler keeps per request, allocated once: the
// request's description, the blocks the segment's http field points to,
// the URL handed to the sampling strategy, and the segment with its parsed
// incoming header.
type fasthttpCall struct {
	in     inbound.Request
	blocks inboundBlocks
	url    url.URL
	st     inboundStorage
}

// describe fills c.in from ctx's request. The strings are copied out of
// fasthttp's buffers (which are reused after the handler returns) into one
// allocation. It fails when the request URI does not parse with
// url.ParseRequestURI.
func (c *fasthttpCall) describe(ctx *fasthttp.RequestCtx) error {
	uri := ctx.RequestURI()
	path, err := fasthttpRequestPath(uri)
	if err != nil {
		return err
	}
	var xff []byte
	if all := ctx.Request.Header.PeekAll(fasthttp.HeaderXForwardedFor); len(all) > 0 {
		xff = all[len(all)-1] // repeated headers: the last one wins
	}
	method, host := ctx.Method(), ctx.Host()
	trace, ua := ctx.Request.Header.Peek(TraceIDHeaderKey), ctx.UserAgent()
	var traceparent []byte
	if len(trace) == 0 && W3CTraceContextEnabled() {
		if all := ctx.Request.Header.PeekAll(traceparentCanonical); len(all) == 1 {
			traceparent = all[0]
		}
	}

	var scratch [512]byte
	b := scratch[:0]
	b = append(b, method...)
	b = append(b, host...)
	b = append(b, path...)
	b = append(b, trace...)
	b = append(b, ua...)
	b = append(b, xff...)
	b = append(b, traceparent...)
	var remote int
	if len(xff) == 0 {
		n := len(b)
		b = appendRemoteAddr(b, ctx.RemoteAddr())
		remote = len(b) - n
	}
	s := string(b)

	s, c.in.Method = s[len(method):], s[:len(method)]
	s, c.in.Host = s[len(host):], s[:len(host)]
	s, c.in.Path = s[len(path):], s[:len(path)]
	s, c.in.TraceHeader = s[len(trace):], s[:len(trace)]
	s, c.in.UserAgent = s[len(ua):], s[:len(ua)]
	s, c.in.XForwardedFor = s[len(xff):], s[:len(xff)]
	s, c.in.Traceparent = s[len(traceparent):], s[:len(traceparent)]
	c.in.RemoteAddr = s[:remote]
	c.in.TLS = ctx.IsTLS()
	c.url.Path = c.in.Path
	return nil
}

// fasthttpRequestPath returns the path of a request URI as
// url.ParseRequestURI(uri).Path, or its error. Absolute paths without
// escapes or control bytes, the usual case, are answered in place.
func fasthttpRequestPath(uri []byte) ([]byte, error) {
	if len(uri) > 0 && uri[0] == '/' {
		end := len(uri)
		simple := true
		for i, c := range uri {
			if c < ' ' || c == 0x7f {
				simple = false
				break
			}
			if c == '?' && end == len(uri) {
				end = i
			}
			if c == '%' && end == len(uri) {
				simple = false
				break
			}
		}
		if simple {
			return uri[:end], nil
		}
	}
	u, err := url.ParseRequestURI(string(uri))
	if err != nil {
		return nil, err
	}
	return []byte(u.Path), nil
}

// appendRemoteAddr appends a peer address in "host:port" form (what
// net.Addr.String gives for TCP), so that inbound.ClientIP splits it
// without allocating.
func appendRemoteAddr(b []byte, addr net.Addr) []byte {
	if a, ok := addr.(*net.TCPAddr); ok && a != nil {
		ap := a.AddrPort()
		return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()).AppendTo(b)
	}
	if addr == nil {
		return b
	}
	return append(b, addr.String()...)
}

// setTraceHeader sets the X-Amzn-Trace-Id response header (header.md
// §4.1) before the handler runs. Upstream wrote it on the request; like
// net/http, it goes on the response.
func (c *fasthttpCall) setTraceHeader(ctx *fasthttp.RequestCtx, seg *Segment, hdr *header.Header) {
	if v := inboundResponseHeader(seg, hdr); v != "" {
		ctx.Response.Header.Set(TraceIDHeaderKey, v)
	}
}

// fasthttpContentLength is the Content-Length the handler declared; the
// negative values fasthttp uses for chunked (-1) and identity (-2) bodies
// count as unknown (0, omitted).
func fasthttpContentLength(ctx *fasthttp.RequestCtx) int {
	if n := ctx.Response.Header.ContentLength(); n > 0 {
		return n
	}
	return 0
}
