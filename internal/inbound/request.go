package inbound

import (
	"net"
	"strings"
)

// Request describes an incoming request in the terms the tracing needs. The
// zero value is an empty request; every field is optional.
type Request struct {
	// Method is the request method ("GET"; gRPC uses "POST").
	Method string
	// Host is the Host header (or gRPC :authority), port included when
	// present. Segment namers receive it.
	Host string
	// Path is the URL path, without query string or fragment.
	Path string
	// Scheme overrides the URL scheme ("grpc"); when empty the scheme is
	// "https" if TLS is set and "http" otherwise.
	Scheme string
	// TLS reports whether the request arrived over TLS.
	TLS bool
	// RemoteAddr is the peer address ("ip:port"), used as the client IP
	// when there is no X-Forwarded-For. Leave empty to record none.
	RemoteAddr string
	// XForwardedFor is the X-Forwarded-For header value, if any.
	XForwardedFor string
	// UserAgent is the User-Agent header value, if any.
	UserAgent string
	// TraceHeader is the incoming X-Amzn-Trace-Id value, if any.
	TraceHeader string
	// Traceparent is the incoming W3C traceparent value, used only when
	// TraceHeader is empty and W3C Trace Context interop is on (adapters
	// need not read it otherwise).
	Traceparent string
}

// URL returns the URL recorded as http.request.url: scheme, "://", host and
// path. The query string is never part of it.
func (r *Request) URL() string {
	return r.scheme() + "://" + r.Host + r.Path
}

// scheme is the scheme of URL.
func (r *Request) scheme() string {
	if r.Scheme != "" {
		return r.Scheme
	}
	if r.TLS {
		return "https"
	}
	return "http"
}

// ClientIP returns the client address recorded as http.request.client_ip
// and whether it came from X-Forwarded-For. A non-empty X-Forwarded-For
// wins: its first comma-separated element, trimmed of white space.
// Otherwise it is the host part of RemoteAddr, or all of RemoteAddr when it
// has no port.
func (r *Request) ClientIP() (ip string, forwarded bool) {
	return ClientIP(r.RemoteAddr, r.XForwardedFor)
}

// ClientIP is Request.ClientIP for a bare remote address and
// X-Forwarded-For value. It does not allocate.
func ClientIP(remoteAddr, xForwardedFor string) (ip string, forwarded bool) {
	if xForwardedFor != "" {
		first := xForwardedFor
		if i := strings.IndexByte(first, ','); i >= 0 {
			first = first[:i]
		}
		return strings.TrimSpace(first), true
	}
	if remoteAddr == "" {
		return "", false
	}
	if host, _, err := net.SplitHostPort(remoteAddr); err == nil {
		return host, false
	}
	return remoteAddr, false
}
