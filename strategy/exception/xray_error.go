package exception

// XRayError is an error that carries its own exception type and stack. The
// formatters return it from Error, Errorf, Panic and Panicf; users may build
// one themselves to control the type recorded for an error. When an *XRayError
// is anywhere in an error's chain, its Type becomes the exception's type.
type XRayError struct {
	Type    string
	Message string
	Stack   []uintptr
}

// Error returns the message. A nil *XRayError reports "<nil>".
func (e *XRayError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return e.Message
}

// StackTrace returns the program counters recorded for the error, innermost
// first. A nil *XRayError has none.
func (e *XRayError) StackTrace() []uintptr {
	if e == nil {
		return nil
	}
	return e.Stack
}

// StackTracer is implemented by errors that know the stack they were created
// on. StackTrace returns return program counters in the form runtime.Callers
// produces, innermost first; the caller must not modify the slice.
type StackTracer interface {
	StackTrace() []uintptr
}
