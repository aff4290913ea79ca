package xray

import (
	"context"
	"net/http"
	"net/url"
	"strings"

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

// RoundTrip sends r through the wrapped transport inside a subsegment
// named after the request's host (see RoundTripper). The subsegment closes
// with the transport's error; a panic in the transport is recorded on it
// and goes on up.
func (rt *roundTripper) RoundTrip(r *http.Request) (resp *http.Response, err error) {
	ctx := r.Context()
	parent := GetSegment(ctx)
	// Entities an enabled SDK began have a ParentSegment, the stand-in of
	// a disabled one has none: only then is the environment (costly)
	// checked. An SDK disabled later is beginSubsegment's to handle.
	if (parent == nil || parent.ParentSegment == nil) && SdkDisabled() {
		// What the empty stand-in segment of a disabled SDK would do: send
		// the request unchanged.
		return rt.base.RoundTrip(r)
	}
	name := hostName(r)
	x := newExchange(ctx, parent)
	hostCtx, seg := beginSubsegment(&x.host, ctx, name, false)
	if seg == nil {
		return rt.withoutSegment(ctx, r, name)
	}
	defer func() {
		if p := recover(); p != nil {
			err = seg.formatter().Panicf("%v", p)
			x.abort(err)
			seg.Close(err)
			panic(p)
		}
		seg.Close(err)
	}()
	return x.send(rt.base, hostCtx, seg, r, name)
}

// hostName names the subsegment of r: its Host, else its URL's host, else
// emptyHostName.
func hostName(r *http.Request) string {
	name := r.Host
	if name == "" && r.URL != nil {
		name = r.URL.Host
	}
	if name == "" {
		name = emptyHostName
	}
	return name
}

// withoutSegment sends r untraced when ctx holds no segment to record it
// under: beginning the subsegment already told the context-missing
// strategy, closing it tells it again.
func (rt *roundTripper) withoutSegment(ctx context.Context, r *http.Request, name string) (resp *http.Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			captureMissing(ctx, name)
			panic(p)
		}
		contextMissing(ctx, "failed to end subsegment: subsegment '"+name+"' cannot be found.")
	}()
	resp, err = rt.base.RoundTrip(r)
	logger.Warnf("failed to record HTTP transaction: segment cannot be found.")
	return resp, err
}

// CloseIdleConnections closes the idle connections of the wrapped transport
// when it has that method (http.Client.CloseIdleConnections reaches it).
func (rt *roundTripper) CloseIdleConnections() {
	if c, ok := rt.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
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
