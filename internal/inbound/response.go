package inbound

import "github.com/aws/aws-xray-sdk-go/header"

// ResponseHeader returns the X-Amzn-Trace-Id value a server sends back to
// its caller: "Root=<traceID>", then ";Parent=<incoming parent>" when the
// incoming header had one, then the sampling decision, answered only when
// the caller sent one: "Sampled=0" and "Sampled=1" are echoed, "Sampled=?"
// is answered with the server's own decision (sampled), and an absent or
// unknown decision adds nothing. A nil incoming header counts as empty.
func ResponseHeader(traceID string, incoming *header.Header, sampled bool) string {
	var parent string
	var decision header.SamplingDecision
	if incoming != nil {
		parent = incoming.ParentID
		decision = incoming.SamplingDecision
	}
	var tail string
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
	if parent == "" {
		return header.RootPrefix + traceID + tail
	}
	return header.RootPrefix + traceID + ";" + header.ParentPrefix + parent + tail
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
