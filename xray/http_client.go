package xray

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"

	"github.com/aws/aws-xray-sdk-go/internal/inbound"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// emptyHostName names the subsegment of a request with no host at all.
const emptyHostName = "empty_host_error"

// Client returns a new client that traces every request it sends (see
// RoundTripper). It copies c's CheckRedirect, Jar and Timeout and wraps
// c's transport (http.DefaultTransport when nil); a nil c means
// http.DefaultClient. c itself is not modified.
func Client(c *http.Client) *http.Client {
	if c == nil {
		c = http.DefaultClient
	}
	t := c.Transport
	if t == nil {
		t = http.DefaultTransport
	}
	return &http.Client{
		Transport:     RoundTripper(t),
		CheckRedirect: c.CheckRedirect,
		Jar:           c.Jar,
		Timeout:       c.Timeout,
	}
}

// RoundTripper wraps rt (http.DefaultTransport when nil) so that every
// request is traced as a subsegment, named after the request's host, of the
// segment in the request's context. The subsegment records the method, the
// URL (without query, password masked), the response status with its
// error/throttle/fault flags and the declared Content-Length, and has
// connect (dns, dial, tls), request and response subsegments timing the
// exchange; a transport error faults it. The request is sent with an
// X-Amzn-Trace-Id header (and, with W3C Trace Context interop on, a
// traceparent header: see W3CTraceContextEnabled) set on a copy of it: the
// caller's request is never modified. The subsegment closes when the
// response headers arrive.
//
// Without a segment in the context the request is sent untraced, after the
// context-missing strategy and a warning were told. With the SDK disabled it
// is sent unchanged.
func RoundTripper(rt http.RoundTripper) http.RoundTripper {
	if rt == nil {
		rt = http.DefaultTransport
	}
	return &roundTripper{base: rt}
}

// roundTripper is the transport RoundTripper returns.
type roundTripper struct {
	base http.RoundTripper
}

// RoundTrip sends r through the wrapped transport inside a subsegment.
func (rt *roundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	name := r.Host
	if name == "" && r.URL != nil {
		name = r.URL.Host
	}
	if name == "" {
		name = emptyHostName
	}
	var resp *http.Response
	err := Capture(r.Context(), name, func(ctx context.Context) error {
		var err error
		resp, err = rt.exchange(ctx, r, name)
		return err
	})
	return resp, err
}

// CloseIdleConnections closes the idle connections of the wrapped transport
// when it has that method (http.Client.CloseIdleConnections reaches it).
func (rt *roundTripper) CloseIdleConnections() {
	if c, ok := rt.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// exchange sends r on behalf of the subsegment in ctx (the one Capture
// began), recording what the exchange did.
func (rt *roundTripper) exchange(ctx context.Context, r *http.Request, name string) (*http.Response, error) {
	seg := GetSegment(ctx)
	if seg == nil {
		resp, err := rt.base.RoundTrip(r)
		logger.Warnf("failed to record HTTP transaction: segment cannot be found.")
		return resp, err
	}
	if seg.ParentSegment == nil && SdkDisabled() {
		// The empty stand-in segment of a disabled SDK.
		return rt.base.RoundTrip(r)
	}

	x := &exchange{}
	// Hooks only for sampled exchanges: the subsegments of an unsampled
	// one are never sent.
	sampled := seg.isSampled()
	if sampled {
		x.subs = HTTPSubsegments{opCtx: ctx, op: seg}
		x.subs.setHooks(&x.hooks)
		ctx = httptrace.WithClientTrace(ctx, &x.hooks)
	}
	out := r.WithContext(ctx)
	out.Header = cloneHeader(r.Header)

	u := redactedURL(r.URL)
	seg.Lock()
	if name != emptyHostName {
		seg.Namespace = "remote"
	}
	req := x.blocks.request(seg)
	req.Method = r.Method
	req.URL = u
	seg.Unlock()
	// Header.Set with the canonical name, without its allocation.
	x.traceHeader[0] = seg.DownstreamHeader().String()
	out.Header[traceHeaderCanonical] = x.traceHeader[:]
	if tp := w3cOutbound(seg); tp != "" {
		out.Header[traceparentCanonical] = []string{tp}
	}

	resp, err := rt.base.RoundTrip(out)

	if resp != nil {
		seg.Lock()
		rd := x.blocks.responseData(seg)
		rd.Status = resp.StatusCode
		rd.ContentLength = declaredContentLength(resp.Header)
		applyFlagsLocked(seg, inbound.Classify(resp.StatusCode))
		seg.Unlock()
	}
	if sampled {
		// Close what the exchange left open (an error, a timeout or a
		// cancellation stops it midway) and ignore late hooks.
		x.subs.finish(err)
	}
	return resp, err
}

// exchange is the per-request state of a traced exchange, in one
// allocation: the httptrace recorder and its hooks (sampled exchanges
// only), the subsegment's http blocks and the trace header's value slice.
type exchange struct {
	subs        HTTPSubsegments
	hooks       httptrace.ClientTrace
	blocks      inboundBlocks
	traceHeader [1]string
}

// cloneHeader copies h for the outgoing request (never nil).
func cloneHeader(h http.Header) http.Header {
	if h == nil {
		return make(http.Header, 1)
	}
	return h.Clone()
}

// redactedURL is the URL recorded for an outgoing request: the query
// removed and a password in the user information replaced by "***". The
// fragment is kept (upstream compatibility).
func redactedURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.RawQuery = ""
	c.ForceQuery = false
	if c.User == nil {
		return c.String()
	}
	if _, hasPW := c.User.Password(); !hasPW {
		return c.String()
	}
	c.User = url.UserPassword(c.User.Username(), "***")
	// url escapes "*" in user information; show the mask as written.
	return strings.Replace(c.String(), ":%2A%2A%2A@", ":***@", 1)
}
