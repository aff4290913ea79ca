package xraytest

import (
	"encoding/json"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// Segment is one recorded segment or subsegment, decoded from the JSON the
// SDK produced. Like xray.Segment, one type serves both: a standalone
// subsegment document has Type "subsegment", an embedded subsegment sits in
// its parent's Subsegments.
//
// Numbers inside Annotations, Metadata, AWS and Raw decode as float64 (the
// encoding/json default). Treat a Segment as read-only: its maps are shared
// with the recorder's copy.
type Segment struct {
	TraceID      string                            `json:"trace_id"`
	ID           string                            `json:"id"`
	Name         string                            `json:"name"`
	StartTime    float64                           `json:"start_time"`
	EndTime      float64                           `json:"end_time"`
	InProgress   bool                              `json:"in_progress"`
	ParentID     string                            `json:"parent_id"`
	Fault        bool                              `json:"fault"`
	Error        bool                              `json:"error"`
	Throttle     bool                              `json:"throttle"`
	Cause        *xray.CauseData                   `json:"cause"`
	ResourceARN  string                            `json:"resource_arn"`
	Origin       string                            `json:"origin"`
	Type         string                            `json:"type"`
	Namespace    string                            `json:"namespace"`
	User         string                            `json:"user"`
	PrecursorIDs []string                          `json:"precursor_ids"`
	HTTP         *xray.HTTPData                    `json:"http"`
	AWS          map[string]interface{}            `json:"aws"`
	Service      *xray.ServiceData                 `json:"service"`
	SQL          *xray.SQLData                     `json:"sql"`
	Annotations  map[string]interface{}            `json:"annotations"`
	Metadata     map[string]map[string]interface{} `json:"metadata"`
	Subsegments  []Segment                         `json:"subsegments"`

	// Raw is the whole JSON object as decoded, known keys included, for
	// anything the fields above do not cover.
	Raw map[string]interface{} `json:"-"`
}

// UnmarshalJSON decodes a segment document (or an embedded subsegment) into
// the fields and into Raw.
func (s *Segment) UnmarshalJSON(data []byte) error {
	type plain Segment // without this method
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	var raw map[string]interface{}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*s = Segment(p)
	s.Raw = raw
	return nil
}

// Subsegment returns the first subsegment named name below s (depth first,
// in document order), or nil.
func (s *Segment) Subsegment(name string) *Segment {
	for i := range s.Subsegments {
		c := &s.Subsegments[i]
		if c.Name == name {
			return c
		}
		if found := c.Subsegment(name); found != nil {
			return found
		}
	}
	return nil
}

// AllSubsegments returns every subsegment below s, depth first, in document
// order (a parent before its children).
func (s *Segment) AllSubsegments() []Segment {
	var out []Segment
	s.walk(func(e *Segment) { out = append(out, *e) })
	return out
}

// walk calls fn for every subsegment below s, depth first.
func (s *Segment) walk(fn func(*Segment)) {
	for i := range s.Subsegments {
		fn(&s.Subsegments[i])
		s.Subsegments[i].walk(fn)
	}
}

// Exceptions returns the exceptions of s's cause block, or nil.
func (s *Segment) Exceptions() []exception.Exception {
	if s.Cause == nil {
		return nil
	}
	return s.Cause.Exceptions
}

// HasError reports whether s has its fault, error or throttle flag set or
// carries a cause block.
func (s *Segment) HasError() bool {
	return s.Fault || s.Error || s.Throttle || s.Cause != nil
}

// IsSubsegmentDocument reports whether s was sent as a standalone
// subsegment document (streamed, CloseAndStream, or a Lambda function's
// subsegment).
func (s *Segment) IsSubsegmentDocument() bool { return s.Type == "subsegment" }

// decodeDocument decodes one recorded document.
func decodeDocument(doc []byte) (Segment, error) {
	var s Segment
	err := json.Unmarshal(doc, &s)
	return s, err
}
