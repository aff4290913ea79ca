package exception

import "errors"

// FormattingStrategy creates errors that remember where they were made and
// converts errors into exceptions for a segment's cause block.
//
// Error and Errorf return an *XRayError of type "error" whose stack starts at
// the caller. Panic and Panicf return one of type "panic"; called from a
// deferred function that recovered a panic, its stack starts at the function
// that panicked. ExceptionFromError must be safe for concurrent use and must
// not modify err.
type FormattingStrategy interface {
	Error(message string) *XRayError
	Errorf(formatString string, args ...interface{}) *XRayError
	Panic(message string) *XRayError
	Panicf(formatString string, args ...interface{}) *XRayError
	ExceptionFromError(err error) Exception
}

// DefaultFormattingStrategy is the formatter the SDK uses by default.
// FrameCount bounds the stacks it captures itself; stacks an error brings
// along are used in full. It holds no other state and is safe for concurrent
// use.
type DefaultFormattingStrategy struct {
	FrameCount int
}

const (
	// defaultFrameCount is the FrameCount of NewDefaultFormattingStrategy and
	// the largest one the checked constructor accepts.
	defaultFrameCount = 32
	// maxFrameCount bounds a FrameCount set directly on the struct so that a
	// huge value cannot exhaust memory.
	maxFrameCount = 1024
)

var errFrameCount = errors.New("frameCount must be a non-negative integer and less than 32")

// NewDefaultFormattingStrategy returns a formatter that captures up to 32
// frames. The error is always nil.
func NewDefaultFormattingStrategy() (*DefaultFormattingStrategy, error) {
	return &DefaultFormattingStrategy{FrameCount: defaultFrameCount}, nil
}

// NewDefaultFormattingStrategyWithDefinedErrorFrameCount returns a formatter
// that captures up to frameCount frames. frameCount must be between 0 and 32
// inclusive; otherwise it returns nil and the error
// "frameCount must be a non-negative integer and less than 32".
func NewDefaultFormattingStrategyWithDefinedErrorFrameCount(frameCount int) (*DefaultFormattingStrategy, error) {
	if frameCount < 0 || frameCount > defaultFrameCount {
		return nil, errFrameCount
	}
	return &DefaultFormattingStrategy{FrameCount: frameCount}, nil
}

// frameCount is the capture budget: FrameCount clamped to [0, maxFrameCount];
// a nil formatter behaves like the default one.
func (f *DefaultFormattingStrategy) frameCount() int {
	if f == nil {
		return defaultFrameCount
	}
	switch n := f.FrameCount; {
	case n < 0:
		return 0
	case n > maxFrameCount:
		return maxFrameCount
	default:
		return n
	}
}
