package xray

import "github.com/aws/aws-xray-sdk-go/header"

// DownstreamHeader returns the trace header to send with calls made on
// behalf of this entity: the root's trace id, this entity's id as the
// parent, and its sampling decision, plus any extra fields of the root's
// incoming header.
func (s *Segment) DownstreamHeader() *header.Header {
	h := &header.Header{}
	if SdkDisabled() || s == nil {
		return h
	}
	root := s.root()
	if root.IncomingHeader != nil {
		*h = *root.IncomingHeader
	}
	if h.TraceID == "" {
		h.TraceID = root.TraceID
	}
	if s.Sampled {
		h.SamplingDecision = header.Sampled
	} else {
		h.SamplingDecision = header.NotSampled
	}
	h.ParentID = s.ID
	return h
}

// isSampled reports whether the entity will be sent (it and its root are
// sampled). Cheap; for integrations deciding whether to gather data.
func (s *Segment) isSampled() bool {
	return s != nil && s.Sampled && !s.Dummy
}

// downstreamHeaderValue is s.DownstreamHeader().String() for an entity of
// an enabled SDK, built without the Header in one allocation when the
// root's incoming header has no extra fields.
func (s *Segment) downstreamHeaderValue() string {
	root := s.root()
	traceID := root.TraceID
	if in := root.IncomingHeader; in != nil {
		if len(in.AdditionalData) > 0 {
			return s.DownstreamHeader().String()
		}
		if in.TraceID != "" {
			traceID = in.TraceID
		}
	}
	if traceID == "" || s.ID == "" {
		return s.DownstreamHeader().String()
	}
	decision := header.NotSampled
	if s.Sampled {
		decision = header.Sampled
	}
	return header.RootPrefix + traceID + ";" + header.ParentPrefix + s.ID + ";" + string(decision)
}
