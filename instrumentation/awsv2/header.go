package awsv2

import (
	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// traceHeaderValue returns seg.DownstreamHeader().String() with a single
// allocation when the root's incoming header carries no extra fields (the
// common case); otherwise it asks seg.
func traceHeaderValue(seg *xray.Segment) string {
	root := seg.ParentSegment
	if root == nil {
		root = seg
	}
	traceID := root.TraceID
	if in := root.IncomingHeader; in != nil {
		if len(in.AdditionalData) > 0 {
			return seg.DownstreamHeader().String()
		}
		if in.TraceID != "" {
			traceID = in.TraceID
		}
	}
	if traceID == "" || seg.ID == "" {
		return seg.DownstreamHeader().String()
	}
	decision := header.NotSampled
	if seg.Sampled {
		decision = header.Sampled
	}
	return header.RootPrefix + traceID + ";" + header.ParentPrefix + seg.ID + ";" + string(decision)
}
