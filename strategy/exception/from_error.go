package exception

import "runtime"

// ExceptionFromError converts err into an exception: a fresh id, the type
// name (or the Type of an *XRayError in err's chain), err.Error() as the
// message, Remote for an aws-sdk-go v1 request failure with a request id, and
// the stack.
//
// The stack is the StackTracer's program counters followed by the frames of a
// github.com/pkg/errors error, both searched in err's chain like errors.As.
// When neither supplies any, up to FrameCount frames of the current goroutine
// are captured, skipping ExceptionFromError, its caller and the two functions
// above that: the SDK calls it from a helper of the public Close/AddError
// method, and the stack then starts at the caller of whoever called
// Close/AddError. An empty stack yields a single empty frame.
//
// A nil err gives type and message "<nil>". Methods of err that panic are
// recovered from and logged.
func (f *DefaultFormattingStrategy) ExceptionFromError(err error) Exception {
	var facts chainFacts
	if err != nil {
		facts.inspect(err)
	}
	ex := Exception{
		ID:      newExceptionID(),
		Type:    typeName(err),
		Message: errorText(err),
		Remote:  facts.remote,
	}
	if facts.xrayErr != nil {
		ex.Type = facts.xrayErr.Type
	}
	pcs := facts.pcs
	if pcs == nil {
		pcs = make([]uintptr, f.frameCount())
		// Skip runtime.Callers, this method, the SDK's add-error helper, the
		// public Close/AddError method and the function that called it. The
		// count only holds while runtime.Callers is called right here.
		pcs = pcs[:runtime.Callers(5, pcs)]
	}
	ex.Stack = convertStack(pcs)
	return ex
}
