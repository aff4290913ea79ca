package xray

import "github.com/aws/aws-xray-sdk-go/pattern"

// SegmentNamer names the segment of an incoming request. Name receives the
// request's host (the Host header, port included when present; the gRPC
// :authority) and returns the segment name. It is called once per request,
// possibly from many goroutines at once. AWS_XRAY_TRACING_NAME, when set,
// overrides the name it returns, and names are cut to 200 bytes.
type SegmentNamer interface {
	Name(host string) string
}

// FixedSegmentNamer names every segment FixedName.
type FixedSegmentNamer struct {
	FixedName string
}

// NewFixedSegmentNamer returns a namer that always answers name.
func NewFixedSegmentNamer(name string) *FixedSegmentNamer {
	return &FixedSegmentNamer{FixedName: name}
}

// Name returns FixedName, whatever the host.
func (fsn *FixedSegmentNamer) Name(host string) string {
	return fsn.FixedName
}

// DynamicSegmentNamer names a segment after the request's host when the
// host matches RecognizedHosts, and FallbackName otherwise.
type DynamicSegmentNamer struct {
	FallbackName string
	// RecognizedHosts is one wildcard pattern ("*" matches any run of
	// characters, "?" exactly one), matched without regard to case. An
	// empty pattern matches only an empty host.
	RecognizedHosts string
}

// NewDynamicSegmentNamer returns a namer that answers the host itself when
// it matches the pattern recognized, and fallback otherwise.
func NewDynamicSegmentNamer(fallback string, recognized string) *DynamicSegmentNamer {
	return &DynamicSegmentNamer{FallbackName: fallback, RecognizedHosts: recognized}
}

// Name returns host if it matches RecognizedHosts, else FallbackName.
func (dsn *DynamicSegmentNamer) Name(host string) string {
	if pattern.WildcardMatchCaseInsensitive(dsn.RecognizedHosts, host) {
		return host
	}
	return dsn.FallbackName
}
