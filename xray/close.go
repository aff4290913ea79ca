package xray

import (
	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// Close ends the entity, records err (when non-nil) as its fault, and sends
// what is complete:
//
//   - a sampled root segment is sent right away with its whole tree;
//     subsegments still open appear with "in_progress": true and are sent
//     on their own when they close;
//   - a subsegment is sent as part of its parent once the parent is sent,
//     or on its own when its parent was already sent (or is a Lambda
//     facade).
//
// Every entity is sent once in its closed state. A second Close does
// nothing.
func (s *Segment) Close(err error) {
	if SdkDisabled() {
		return
	}
	if s == nil {
		logger.Debugf("xray: Close called on a nil segment")
		return
	}
	s.Lock()
	if s.closed {
		s.Unlock()
		if logger.DebugEnabled() {
			logger.DebugMsg(closeMsg{sub: s.parent != nil, again: true})
		}
		return
	}
	s.closed = true
	s.EndTime = nowEpochSeconds()
	s.InProgress = false
	if err != nil {
		s.addError(err)
	}
	if logger.DebugEnabled() {
		logger.DebugMsg(closeMsg{name: s.Name, sub: s.parent != nil})
	}
	if s.Dummy {
		s.Unlock()
		return
	}
	if s.parent == nil {
		if !s.Facade {
			s.ContextDone = true
			if !s.finalSent {
				s.markFinal()
				s.emitLocked()
			}
		}
		s.Unlock()
		return
	}
	s.Unlock()
	s.complete()
}

// CloseAndStream ends a subsegment and sends it (with its subtree) at once,
// as a standalone subsegment document, instead of waiting for its parent.
// On a root segment it is Close; on nil it does nothing.
func (s *Segment) CloseAndStream(err error) {
	if SdkDisabled() || s == nil {
		return
	}
	p := s.parent
	if p == nil {
		s.Close(err)
		return
	}
	p.Lock()
	s.Lock()
	if s.closed {
		s.Unlock()
		p.Unlock()
		logger.Debugf("xray: subsegment %s is already closed; ignoring CloseAndStream", s.Name)
		return
	}
	s.closed = true
	s.EndTime = nowEpochSeconds()
	s.InProgress = false
	if err != nil {
		s.addError(err)
	}
	if s.Dummy {
		s.Unlock()
		p.Unlock()
		return
	}
	if !s.completed {
		s.completed = true
		p.openCount--
	}
	if p.removeChildLocked(s) {
		s.root().liveCount.Add(-1)
	}
	s.detached = true
	parentReady := p.parent != nil && p.closed && p.openCount == 0 && !p.completed
	p.Unlock()
	if !s.finalSent && !s.removed {
		s.markFinal()
		s.stampStandalone(p)
		s.emitLocked()
	}
	s.Unlock()
	if parentReady {
		p.complete()
	}
}

// RemoveSubsegment removes sub from this entity's children, so that it is
// not sent with it, and reports whether it was there. sub is then never
// sent.
func (s *Segment) RemoveSubsegment(sub *Segment) bool {
	if s == nil || sub == nil {
		return false
	}
	s.Lock()
	defer s.Unlock()
	if !s.removeChildLocked(sub) {
		return false
	}
	sub.Lock()
	sub.removed = true
	wasCompleted := sub.completed
	sub.completed = true
	sub.Unlock()
	if !wasCompleted {
		s.openCount--
	}
	s.root().liveCount.Add(-1)
	return true
}

// removeChildLocked takes sub out of s's child list (the last child moves
// into its place). The caller holds s's lock.
func (s *Segment) removeChildLocked(sub *Segment) bool {
	if s.ext == nil {
		return false
	}
	x := s.ext
	for i, c := range x.children {
		if c == sub {
			last := len(x.children) - 1
			x.children[i] = x.children[last]
			x.children[last] = nil
			x.children = x.children[:last]
			return true
		}
	}
	return false
}

// complete runs after a subsegment closed: once it has no open children it
// completes into its parent, and either waits there to be sent with the
// parent or, when the parent was already sent (or is a facade, or it was
// cut out of the parent), is sent on its own. A parent left closed with no
// open children completes in turn.
func (s *Segment) complete() {
	c := s
	for {
		p := c.parent
		if p == nil {
			return
		}
		p.Lock()
		c.Lock()
		if c.completed || c.removed || !c.closed || c.openCount > 0 {
			c.Unlock()
			p.Unlock()
			return
		}
		c.completed = true
		p.openCount--
		standalone := !c.finalSent && (p.Facade || p.sentAny || c.detached)
		if standalone && p.removeChildLocked(c) {
			// Sent on its own: the parent no longer holds it, so that
			// long-lived parents (facades) do not accumulate children.
			c.root().liveCount.Add(-1)
		}
		parentReady := p.parent != nil && p.closed && p.openCount == 0 && !p.completed
		p.Unlock()
		if standalone {
			c.markFinal()
			c.stampStandalone(p)
			c.emitLocked()
		}
		c.Unlock()
		if !parentReady {
			return
		}
		c = p
	}
}

// markFinal records that the entity's closed state is being sent. The
// caller holds its lock.
func (s *Segment) markFinal() {
	s.sentAny = true
	s.finalSent = true
	s.Emitted = true
}

// stampStandalone turns the entity into a standalone subsegment document
// under parent p. The caller holds its lock.
func (s *Segment) stampStandalone(p *Segment) {
	if tid := s.root().TraceID; s.TraceID != tid {
		s.TraceID = tid
	}
	s.ParentID = p.ID
	s.Type = typeSubsegment
}

// emitLocked hands the entity to its root's emitter. The caller holds its
// lock.
func (s *Segment) emitLocked() {
	var em Emitter
	if cfg := s.root().Configuration; cfg != nil {
		em = cfg.Emitter
	}
	if em == nil {
		em = global().snapshot.Emitter
	}
	em.Emit(s)
}

func (s *Segment) describe() string {
	if s.parent == nil {
		return "segment"
	}
	return "subsegment"
}
