// Package header parses and prints the value of the X-Amzn-Trace-Id HTTP
// header: "Root=<trace id>;Parent=<parent id>;Sampled=<decision>" followed by
// any other key=value pairs.
package header

import (
	"slices"
	"strings"
)

// Prefixes of the elements the SDK understands.
const (
	// RootPrefix starts the trace id element.
	RootPrefix = "Root="
	// ParentPrefix starts the parent (segment) id element.
	ParentPrefix = "Parent="
	// SampledPrefix starts the sampling decision element.
	SampledPrefix = "Sampled="
	// SelfPrefix starts an element added by load balancers; it is dropped
	// when parsing.
	SelfPrefix = "Self="
)

// SamplingDecision is the whole sampling element of a header, key included
// (for example "Sampled=1"), or Unknown.
type SamplingDecision string

// The sampling decisions a header can carry.
const (
	// Sampled means the caller recorded the request.
	Sampled SamplingDecision = "Sampled=1"
	// NotSampled means the caller did not record the request.
	NotSampled SamplingDecision = "Sampled=0"
	// Requested asks the receiver to decide and report its decision back.
	Requested SamplingDecision = "Sampled=?"
	// Unknown means the header carried no (recognised) decision.
	Unknown SamplingDecision = ""
)

// Header is the parsed form of an X-Amzn-Trace-Id value.
type Header struct {
	TraceID          string
	ParentID         string
	SamplingDecision SamplingDecision

	// AdditionalData holds every other key=value element.
	AdditionalData map[string]string
}

// FromString parses an X-Amzn-Trace-Id value. It never fails and never
// returns nil: elements without "=" are ignored, values are not validated,
// and later elements overwrite earlier ones. Self= elements are dropped; a
// Sampled= element other than Sampled, NotSampled or Requested resets the
// decision to Unknown. The returned AdditionalData is never nil.
func FromString(s string) *Header {
	// Small enough to be inlined: a caller that copies the result
	// (*FromString(s)) keeps the Header off the heap; only the map is
	// allocated.
	h := parse(s)
	return &h
}

// parse is FromString returning the header by value. It builds the fields
// in locals and the Header last.
func parse(s string) Header {
	var trace, parent string
	decision := Unknown
	extra := make(map[string]string)
	for len(s) > 0 {
		var elem string
		if i := strings.IndexByte(s, ';'); i >= 0 {
			elem, s = s[:i], s[i+1:]
		} else {
			elem, s = s, ""
		}
		elem = trimSpace(elem)
		switch {
		case strings.HasPrefix(elem, RootPrefix):
			trace = elem[len(RootPrefix):]
		case strings.HasPrefix(elem, ParentPrefix):
			parent = elem[len(ParentPrefix):]
		case strings.HasPrefix(elem, SampledPrefix):
			decision = decisionOf(elem)
		case strings.HasPrefix(elem, SelfPrefix):
		default:
			if eq := strings.IndexByte(elem, '='); eq >= 0 {
				extra[elem[:eq]] = elem[eq+1:]
			}
		}
	}
	return Header{TraceID: trace, ParentID: parent, SamplingDecision: decision, AdditionalData: extra}
}

// trimSpace is strings.TrimSpace with a shortcut for the usual element that
// starts and ends with a printable ASCII byte.
func trimSpace(s string) string {
	if len(s) > 0 && s[0] > ' ' && s[0] < 0x80 && s[len(s)-1] > ' ' && s[len(s)-1] < 0x80 {
		return s
	}
	return strings.TrimSpace(s)
}

// decisionOf returns the constant equal to elem, or Unknown. Returning the
// constant keeps the header from pinning the caller's string.
func decisionOf(elem string) SamplingDecision {
	if len(elem) == len(Sampled) {
		switch elem[len(elem)-1] {
		case '1':
			if elem == string(Sampled) {
				return Sampled
			}
		case '0':
			if elem == string(NotSampled) {
				return NotSampled
			}
		case '?':
			if elem == string(Requested) {
				return Requested
			}
		}
	}
	return Unknown
}

// String prints the header: "Root=<TraceID>" and "Parent=<ParentID>" when
// set, then the sampling decision (always, even when Unknown, which leaves an
// empty element such as the trailing ";" of "Root=abc;"), then the
// AdditionalData pairs sorted by key, all joined with ";".
func (h Header) String() string {
	var sortBuf [8]string
	keys := sortBuf[:0]
	if len(h.AdditionalData) > 0 {
		for k := range h.AdditionalData {
			keys = append(keys, k)
		}
		slices.Sort(keys)
	}

	n := len(h.SamplingDecision)
	if h.TraceID != "" {
		n += len(RootPrefix) + len(h.TraceID) + 1
	}
	if h.ParentID != "" {
		n += len(ParentPrefix) + len(h.ParentID) + 1
	}
	for _, k := range keys {
		n += 1 + len(k) + 1 + len(h.AdditionalData[k])
	}
	if n == 0 {
		return ""
	}

	var b strings.Builder
	b.Grow(n)
	if h.TraceID != "" {
		b.WriteString(RootPrefix)
		b.WriteString(h.TraceID)
		b.WriteByte(';')
	}
	if h.ParentID != "" {
		b.WriteString(ParentPrefix)
		b.WriteString(h.ParentID)
		b.WriteByte(';')
	}
	b.WriteString(string(h.SamplingDecision))
	for _, k := range keys {
		b.WriteByte(';')
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(h.AdditionalData[k])
	}
	return b.String()
}
