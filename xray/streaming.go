package xray

import (
	"errors"
	"math"
)

// StreamingStrategy decides when parts of a large tree are sent ahead of
// their root. Both methods are called by the emitter with the entity
// locked; implementations must not lock it (or call functions that do).
type StreamingStrategy interface {
	// RequiresStreaming reports whether children of seg should be cut
	// out and sent on their own now.
	RequiresStreaming(seg *Segment) bool
	// StreamCompletedSubsegments cuts children out of seg and returns
	// their standalone documents (without the framing line). To remove a
	// child from seg, delegate to a DefaultStreamingStrategy.
	StreamCompletedSubsegments(seg *Segment) [][]byte
}

// DefaultStreamingStrategy streams once a tree holds more than
// MaxSubsegmentCount subsegments not yet sent.
type DefaultStreamingStrategy struct {
	MaxSubsegmentCount uint32
}

const defaultMaxSubsegmentCount = 20

// NewDefaultStreamingStrategy returns a strategy with threshold 20.
func NewDefaultStreamingStrategy() (*DefaultStreamingStrategy, error) {
	return &DefaultStreamingStrategy{MaxSubsegmentCount: defaultMaxSubsegmentCount}, nil
}

// NewDefaultStreamingStrategyWithMaxSubsegmentCount returns a strategy with
// threshold n, which must be positive.
func NewDefaultStreamingStrategyWithMaxSubsegmentCount(n int) (*DefaultStreamingStrategy, error) {
	if n <= 0 {
		return nil, errors.New("maxSubsegmentCount must be a non-negative integer")
	}
	if n > math.MaxUint32 {
		n = math.MaxUint32
	}
	return &DefaultStreamingStrategy{MaxSubsegmentCount: uint32(n)}, nil
}

// RequiresStreaming reports whether seg's root is sampled and its tree holds
// more than MaxSubsegmentCount subsegments not yet sent.
func (dss *DefaultStreamingStrategy) RequiresStreaming(seg *Segment) bool {
	root := seg.root()
	return root.Sampled && int64(root.liveCount.Load()) > int64(dss.MaxSubsegmentCount)
}

// StreamCompletedSubsegments cuts seg's first child out of it (the last
// child takes its place) and returns the child's standalone document. The
// caller holds seg's lock.
func (dss *DefaultStreamingStrategy) StreamCompletedSubsegments(seg *Segment) [][]byte {
	if seg.childCount() == 0 {
		return nil
	}
	child := seg.cutChildLocked(0)
	e := getEncoder()
	defer putEncoder(e)
	child.Lock()
	child.stampStandalone(seg)
	e.buf = e.appendEntity(e.buf[:0], child)
	child.Unlock()
	out := make([]byte, len(e.buf))
	copy(out, e.buf)
	return [][]byte{out}
}

// cutChildLocked removes seg's i-th child for streaming: the last child
// takes its place in the child list and in Subsegments, the root's live
// count drops and the child is marked as cut out. The caller holds seg's
// lock.
func (s *Segment) cutChildLocked(i int) *Segment {
	x := s.ext
	child := x.children[i]
	last := len(x.children) - 1
	x.children[i] = x.children[last]
	x.children[last] = nil
	x.children = x.children[:last]
	if len(s.Subsegments) == last+1 {
		s.Subsegments[i] = s.Subsegments[last]
		s.Subsegments = s.Subsegments[:last]
	}
	root := s.root()
	root.liveCount.Add(-1)
	child.Lock()
	if child.finalSent {
		// Counted as pending by the pack that embedded it; the cut
		// already took it out of the live count.
		root.pendingFinal.Add(-1)
	}
	child.detached = true
	child.sentAny = true
	if child.closed {
		child.markFinal()
	}
	child.Unlock()
	return child
}
