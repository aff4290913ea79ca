package xray

import (
	"context"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// BeginSubsegment begins a subsegment named name under the entity in ctx and
// returns it with a context that carries it. Without an entity in ctx (and
// outside Lambda) the context-missing strategy is told and BeginSubsegment
// returns ctx unchanged and a nil subsegment.
func BeginSubsegment(ctx context.Context, name string) (context.Context, *Segment) {
	return beginSubsegment(nil, ctx, name, false)
}

// BeginSubsegmentWithoutSampling begins a subsegment that is not sampled:
// neither it nor anything begun under it is sent, and its downstream header
// says Sampled=0. Its parent is still sent as usual. Use it to keep calls
// made on behalf of tracing (or any noisy call) out of the trace.
func BeginSubsegmentWithoutSampling(ctx context.Context, name string) (context.Context, *Segment) {
	return beginSubsegment(nil, ctx, name, true)
}

// beginSubsegment begins a subsegment in s, zeroed storage the caller
// allocated along with its own state, or in a new Segment when s is nil.
// Storage given for a subsegment that cannot be begun (no parent) is left
// unused.
func beginSubsegment(s *Segment, ctx context.Context, name string, unsampled bool) (context.Context, *Segment) {
	ctx = orBackground(ctx)
	if SdkDisabled() {
		if s == nil {
			s = &Segment{}
		}
		s.ext = nil // caller storage: keep the stand-in empty
		if unsampled {
			s.Dummy = true
		}
		// Not withSegment: the segment must stay deep-equal to
		// &Segment{}.
		return context.WithValue(ctx, ContextKey, s), s
	}
	name = truncateName(name)

	parent := GetSegment(ctx)
	if parent == nil {
		if v, ok := ctx.Value(LambdaTraceHeaderKey).(string); ok {
			parent = newFacade(ctx, "facade", header.FromString(v))
		}
	}
	if parent == nil {
		contextMissing(ctx, "failed to begin subsegment named '"+name+"': segment cannot be found.")
		return ctx, nil
	}

	s = attachSubsegment(s, parent, name, unsampled)
	if logger.DebugEnabled() {
		logger.DebugMsg(beginMsg{name: name, sub: true})
	}
	return withSegment(ctx, s), s
}

// attachSubsegment begins the subsegment name (already truncated) under
// parent, in s or in a new Segment when s is nil, and returns it; its
// context is the caller's to set (withSegment). It neither reads the
// environment nor looks in a context: HTTPSubsegments begins its phases
// with it directly under an operation begun while the SDK was enabled.
func attachSubsegment(s, parent *Segment, name string, unsampled bool) *Segment {
	root := parent.root()
	if s == nil {
		s = &Segment{}
	}
	s.ParentSegment = root
	s.parent = parent
	s.Name = name
	s.StartTime = nowEpochSeconds()
	s.InProgress = true
	s.TraceID = root.TraceID
	s.ParentID = root.ID
	s.Sampled = parent.Sampled
	if s.Sampled || noopIDsDisabled() {
		s.ID = NewSegmentID()
	} else {
		s.ID = noopID
	}
	if unsampled {
		s.Sampled = false
	}
	s.Dummy = !s.Sampled

	if !s.Dummy {
		parent.Lock()
		x := parent.extLocked()
		if x.children == nil {
			x.children = x.childStore[:0]
		}
		x.children = append(x.children, s)
		parent.openCount++
		parent.Unlock()
		root.liveCount.Add(1)
	}
	return s
}
