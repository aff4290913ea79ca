package exception

import (
	//lint:ignore SA1019 the spec requires recognising aws-sdk-go v1 request failures
	"github.com/aws/aws-sdk-go/aws/awserr"
	pkgerrors "github.com/pkg/errors"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// pkgStackTracer is implemented by github.com/pkg/errors errors that carry a
// stack (errors.New, Errorf, Wrap, WithStack, ...).
type pkgStackTracer interface {
	StackTrace() pkgerrors.StackTrace
}

// asser is the optional As method errors.As consults.
type asser interface {
	As(target any) bool
}

// maxChainNodes bounds the walk so that an Unwrap cycle cannot hang the
// caller. Real chains are a handful of errors long.
const maxChainNodes = 4096

// chainFacts is what ExceptionFromError needs from an error's chain. Each
// field holds the first match in the order errors.As visits the chain, so the
// result equals one errors.As call per field, at the cost of one walk.
type chainFacts struct {
	xrayErr   *XRayError            // its Type overrides the type name
	tracer    StackTracer           // supplies program counters
	pkgTracer pkgStackTracer        // supplies more program counters
	failure   awserr.RequestFailure // makes the exception remote
	budget    int                   // nodes left to visit

	pcs    []uintptr // the chain's program counters, nil when it has none
	remote bool      // a failed AWS request the service answered
}

// inspect walks err's chain and collects the facts. A panic in one of the
// error's methods is logged and leaves the facts found until then.
func (c *chainFacts) inspect(err error) {
	defer func() {
		if r := recover(); r != nil {
			logger.Warnf("xray: inspecting error chain of %T panicked: %v", err, r)
		}
	}()
	c.budget = maxChainNodes
	c.walk(err)
	c.remote = c.failure != nil && c.failure.RequestID() != ""
	c.pcs = c.stack()
}

// complete reports whether every fact has been found, so the walk can stop.
func (c *chainFacts) complete() bool {
	return c.xrayErr != nil && c.tracer != nil && c.pkgTracer != nil && c.failure != nil
}

// walk visits err and what it wraps depth-first, like errors.As. It returns
// true when the walk should end.
func (c *chainFacts) walk(err error) bool {
	for err != nil {
		if c.budget <= 0 {
			return true
		}
		c.budget--
		c.match(err)
		if c.complete() {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range x.Unwrap() {
				if c.walk(inner) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// match records the facts err provides that are still missing: first by its
// type, then through its As method, as errors.As does. A nil *XRayError does
// not count, since it has no type to offer.
func (c *chainFacts) match(err error) {
	if c.xrayErr == nil {
		if xe, ok := err.(*XRayError); ok && xe != nil {
			c.xrayErr = xe
		}
	}
	if c.tracer == nil {
		if st, ok := err.(StackTracer); ok {
			c.tracer = st
		}
	}
	if c.pkgTracer == nil {
		if st, ok := err.(pkgStackTracer); ok {
			c.pkgTracer = st
		}
	}
	if c.failure == nil {
		if rf, ok := err.(awserr.RequestFailure); ok {
			c.failure = rf
		}
	}
	if x, ok := err.(asser); ok {
		c.matchAs(x)
	}
}

// matchAs asks an error's As method for each fact still missing.
func (c *chainFacts) matchAs(x asser) {
	if c.xrayErr == nil {
		var xe *XRayError
		if x.As(&xe) && xe != nil {
			c.xrayErr = xe
		}
	}
	if c.tracer == nil {
		var st StackTracer
		if x.As(&st) && st != nil {
			c.tracer = st
		}
	}
	if c.pkgTracer == nil {
		var st pkgStackTracer
		if x.As(&st) && st != nil {
			c.pkgTracer = st
		}
	}
	if c.failure == nil {
		var rf awserr.RequestFailure
		if x.As(&rf) && rf != nil {
			c.failure = rf
		}
	}
}

// stack returns the program counters the chain supplies: the StackTracer's,
// followed by the pkg/errors frames. nil when neither gave any. The
// StackTracer's slice is never appended to in place, since it belongs to the
// error and other goroutines may be reading it.
func (c *chainFacts) stack() []uintptr {
	var pcs []uintptr
	if c.tracer != nil {
		pcs = c.tracer.StackTrace()
	}
	if c.pkgTracer != nil {
		if frames := c.pkgTracer.StackTrace(); len(frames) > 0 {
			out := make([]uintptr, len(pcs), len(pcs)+len(frames))
			copy(out, pcs)
			for _, fr := range frames {
				out = append(out, uintptr(fr))
			}
			pcs = out
		}
	}
	return pcs
}
