package inbound

import (
	"unsafe"

	"github.com/aws/aws-xray-sdk-go/header"
)

// ResponseHeader returns the X-Amzn-Trace-Id value a server sends back to
// its caller: "Root=<traceID>", then ";Parent=<incoming parent>" when the
// incoming header had one, then the sampling decision, answered only when
// the caller sent one: "Sampled=0" and "Sampled=1" are echoed, "Sampled=?"
// is answered with the server's own decision (sampled), and an absent or
// unknown decision adds nothing. A nil incoming header counts as empty.
func ResponseHeader(traceID string, incoming *header.Header, sampled bool) string {
	parent, tail := responseParts(incoming, sampled)
	if parent == "" {
		return header.RootPrefix + traceID + tail
	}
	return header.RootPrefix + traceID + ";" + header.ParentPrefix + parent + tail
}

// URLAndResponseHeader returns r.URL() and ResponseHeader(traceID,
// incoming, sampled), both cut from one allocated string.
func URLAndResponseHeader(r *Request, traceID string, incoming *header.Header, sampled bool) (url, responseHeader string) {
	return URLAndResponseHeaderIn(nil, r, traceID, incoming, sampled)
}

// URLAndResponseHeaderIn is URLAndResponseHeader building both strings in
// buf when they fit, without allocating. The strings then share buf's
// memory: the caller must never write to buf again (nor hand it out), and
// the strings keep whatever holds buf alive. When they do not fit, one
// string is allocated, as by URLAndResponseHeader.
func URLAndResponseHeaderIn(buf []byte, r *Request, traceID string, incoming *header.Header, sampled bool) (url, responseHeader string) {
	scheme := r.scheme()
	parent, tail := responseParts(incoming, sampled)
	urlLen := len(scheme) + len("://") + len(r.Host) + len(r.Path)
	n := urlLen + len(header.RootPrefix) + len(traceID) + len(tail)
	if parent != "" {
		n += len(";") + len(header.ParentPrefix) + len(parent)
	}
	if n > len(buf) {
		buf = make([]byte, n)
	}
	b := buf[:0]
	b = append(b, scheme...)
	b = append(b, "://"...)
	b = append(b, r.Host...)
	b = append(b, r.Path...)
	b = append(b, header.RootPrefix...)
	b = append(b, traceID...)
	if parent != "" {
		b = append(b, ';')
		b = append(b, header.ParentPrefix...)
		b = append(b, parent...)
	}
	b = append(b, tail...)
	all := unsafe.String(unsafe.SliceData(b), len(b))
	return all[:urlLen], all[urlLen:]
}

// responseParts returns the incoming parent id to echo (empty for none)
// and the sampling element that ends a response header (";Sampled=..." or
// empty), as ResponseHeader documents them.
func responseParts(incoming *header.Header, sampled bool) (parent, tail string) {
	var decision header.SamplingDecision
	if incoming != nil {
		parent = incoming.ParentID
		decision = incoming.SamplingDecision
	}
	switch decision {
	case header.Sampled:
		tail = ";" + string(header.Sampled)
	case header.NotSampled:
		tail = ";" + string(header.NotSampled)
	case header.Requested:
		if sampled {
			tail = ";" + string(header.Sampled)
		} else {
			tail = ";" + string(header.NotSampled)
		}
	}
	return parent, tail
}

// Flags are the error, throttle and fault flags of an entity.
type Flags struct {
	Error    bool // a client error (4xx)
	Throttle bool // the request was throttled (429)
	Fault    bool // a server error (5xx)
}

// Classify maps an HTTP status code to flags: 400–499 is an error, 429 also
// a throttle, 500–599 a fault; anything else sets nothing.
func Classify(status int) Flags {
	switch {
	case status >= 400 && status <= 499:
		return Flags{Error: true, Throttle: status == 429}
	case status >= 500 && status <= 599:
		return Flags{Fault: true}
	}
	return Flags{}
}
