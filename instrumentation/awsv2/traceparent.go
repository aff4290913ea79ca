package awsv2

import (
	"net/http"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// traceparentHeader is the W3C Trace Context header, in canonical form.
const traceparentHeader = "Traceparent"

// setTraceparent sets h's traceparent to seg's DownstreamTraceparent when
// W3C Trace Context interop is on (xray.W3CTraceContextEnabled) and seg has
// one. When the interop is off it only makes that check.
func setTraceparent(h http.Header, seg *xray.Segment) {
	if !xray.W3CTraceContextEnabled() {
		return
	}
	if tp := seg.DownstreamTraceparent(); tp != "" {
		h[traceparentHeader] = []string{tp}
	}
}
