package xraytest

import (
	"fmt"
	"sync"
	"time"
)

// DefaultTimeout is how long the waiting methods of a Recorder or a Daemon
// wait unless WithTimeout says otherwise.
const DefaultTimeout = 5 * time.Second

// store keeps the documents a Recorder or a Daemon received and answers
// every query about them. The zero value is ready to use.
type store struct {
	mu      sync.Mutex
	raw     [][]byte      // every document received, in arrival order
	decoded []Segment     // decoded[i] is raw[i], filled lazily
	errs    []error       // documents that could not be decoded
	changed chan struct{} // closed (and replaced) whenever raw grows
	timeout time.Duration // for Wait, WaitSegment, WaitSubsegment; 0: DefaultTimeout
}

// add keeps doc (which the store now owns) and wakes up waiters.
func (s *store) add(doc []byte) {
	s.mu.Lock()
	s.raw = append(s.raw, doc)
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
	s.mu.Unlock()
}

// addError records a document that could not be taken (a daemon datagram
// without the header line) and wakes up waiters.
func (s *store) addError(err error) {
	s.mu.Lock()
	s.errs = append(s.errs, err)
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
	s.mu.Unlock()
}

// docsLocked decodes what arrived since the last call and returns every
// decoded document. The caller holds mu and must not modify the result.
func (s *store) docsLocked() []Segment {
	for i := len(s.decoded); i < len(s.raw); i++ {
		seg, err := decodeDocument(s.raw[i])
		if err != nil {
			s.errs = append(s.errs, fmt.Errorf("xraytest: document %d is not a segment document: %w\n%s", i, err, s.raw[i]))
		}
		s.decoded = append(s.decoded, seg)
	}
	return s.decoded
}

// changedLocked returns a channel that is closed when the next document
// arrives. The caller holds mu.
func (s *store) changedLocked() <-chan struct{} {
	if s.changed == nil {
		s.changed = make(chan struct{})
	}
	return s.changed
}

func (s *store) waitTimeout() time.Duration {
	if s.timeout > 0 {
		return s.timeout
	}
	return DefaultTimeout
}

// Len returns how many documents arrived.
func (s *store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.raw)
}

// Err returns the first document that could not be decoded (or, for a
// Daemon, a datagram without the X-Ray header line), or nil.
func (s *store) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docsLocked()
	if len(s.errs) == 0 {
		return nil
	}
	return s.errs[0]
}

// Reset forgets every document received so far.
func (s *store) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.raw, s.decoded, s.errs = nil, nil, nil
}

// RawDocuments returns a copy of every document received, as JSON, in
// arrival order.
func (s *store) RawDocuments() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([][]byte, len(s.raw))
	for i, d := range s.raw {
		out[i] = append([]byte(nil), d...)
	}
	return out
}

// Documents returns every document received, decoded, in arrival order:
// segments and standalone subsegment documents alike.
func (s *store) Documents() []Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Segment(nil), s.docsLocked()...)
}

// Segments returns the segment documents received (standalone subsegment
// documents left out), in arrival order.
func (s *store) Segments() []Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return segmentsNamed(s.docsLocked(), "", false)
}

// SegmentsNamed returns the segment documents named name, in arrival order.
func (s *store) SegmentsNamed(name string) []Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return segmentsNamed(s.docsLocked(), name, true)
}

// Subsegments returns every subsegment received, flattened: for each
// document in arrival order, the document itself when it is a standalone
// subsegment document, then every subsegment embedded in it, depth first.
func (s *store) Subsegments() []Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return subsegmentsNamed(s.docsLocked(), "", false)
}

// SubsegmentsNamed returns the subsegments named name, in the order of
// Subsegments.
func (s *store) SubsegmentsNamed(name string) []Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return subsegmentsNamed(s.docsLocked(), name, true)
}

// Errored returns every entity received (documents and the subsegments
// embedded in them, depth first) that has its fault, error or throttle flag
// set or carries a cause block.
func (s *store) Errored() []Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Segment
	each(s.docsLocked(), func(e *Segment) {
		if e.HasError() {
			out = append(out, *e)
		}
	})
	return out
}

// each calls fn for every document and every subsegment embedded in it,
// depth first.
func each(docs []Segment, fn func(*Segment)) {
	for i := range docs {
		fn(&docs[i])
		docs[i].walk(fn)
	}
}

func segmentsNamed(docs []Segment, name string, byName bool) []Segment {
	var out []Segment
	for _, d := range docs {
		if !d.IsSubsegmentDocument() && (!byName || d.Name == name) {
			out = append(out, d)
		}
	}
	return out
}

func subsegmentsNamed(docs []Segment, name string, byName bool) []Segment {
	var out []Segment
	keep := func(e *Segment) {
		if !byName || e.Name == name {
			out = append(out, *e)
		}
	}
	for i := range docs {
		if docs[i].IsSubsegmentDocument() {
			keep(&docs[i])
		}
		docs[i].walk(keep)
	}
	return out
}
