package xraytest

import (
	"fmt"
	"testing"
	"time"
)

// waitUntil blocks until cond (called with mu held, on the decoded
// documents) is true or timeout passes, and reports whether cond held.
func (s *store) waitUntil(timeout time.Duration, cond func(docs []Segment) bool) bool {
	var deadline <-chan time.Time
	for {
		s.mu.Lock()
		if cond(s.docsLocked()) {
			s.mu.Unlock()
			return true
		}
		changed := s.changedLocked()
		s.mu.Unlock()
		if deadline == nil {
			timer := time.NewTimer(timeout)
			defer timer.Stop()
			deadline = timer.C
		}
		select {
		case <-changed:
		case <-deadline:
			s.mu.Lock()
			ok := cond(s.docsLocked())
			s.mu.Unlock()
			return ok
		}
	}
}

// WaitFor waits until at least n documents arrived, or timeout passes. It
// returns nil, or an error saying how many documents arrived in time.
func (s *store) WaitFor(n int, timeout time.Duration) error {
	if s.waitUntil(timeout, func(docs []Segment) bool { return len(docs) >= n }) {
		return nil
	}
	return fmt.Errorf("xraytest: %d documents arrived within %v, want %d", s.Len(), timeout, n)
}

// Wait waits until at least n documents arrived and returns every document
// received so far. The test fails (t.Fatal) when they do not arrive in time
// or a document could not be decoded.
func (s *store) Wait(t testing.TB, n int) []Segment {
	t.Helper()
	if err := s.WaitFor(n, s.waitTimeout()); err != nil {
		t.Fatal(err)
	}
	s.failOnError(t)
	return s.Documents()
}

// WaitSegment waits for a segment document named name and returns the first
// one. The test fails (t.Fatal) when none arrives in time.
func (s *store) WaitSegment(t testing.TB, name string) Segment {
	t.Helper()
	var found Segment
	ok := s.waitUntil(s.waitTimeout(), func(docs []Segment) bool {
		if got := segmentsNamed(docs, name, true); len(got) > 0 {
			found = got[0]
			return true
		}
		return false
	})
	s.failOnError(t)
	if !ok {
		t.Fatalf("xraytest: no segment named %q within %v; segments received: %q", name, s.waitTimeout(), names(s.Segments()))
	}
	return found
}

// WaitSubsegment waits for a subsegment named name (embedded in any
// document, or sent as a standalone subsegment document) and returns the
// first one in the order of Subsegments. The test fails (t.Fatal) when none
// arrives in time.
func (s *store) WaitSubsegment(t testing.TB, name string) Segment {
	t.Helper()
	var found Segment
	ok := s.waitUntil(s.waitTimeout(), func(docs []Segment) bool {
		if got := subsegmentsNamed(docs, name, true); len(got) > 0 {
			found = got[0]
			return true
		}
		return false
	})
	s.failOnError(t)
	if !ok {
		t.Fatalf("xraytest: no subsegment named %q within %v; subsegments received: %q", name, s.waitTimeout(), names(s.Subsegments()))
	}
	return found
}

// failOnError fails the test when a document could not be decoded.
func (s *store) failOnError(t testing.TB) {
	t.Helper()
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
}

func names(segs []Segment) []string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.Name
	}
	return out
}
