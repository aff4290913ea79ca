package exception

import (
	"fmt"
	"runtime"
)

// Exception types of the errors the formatter builds.
const (
	typeError = "error"
	typePanic = "panic"
)

// Error returns an error of type "error" with the given message. Its stack
// holds up to FrameCount frames and starts at the function that called Error.
func (f *DefaultFormattingStrategy) Error(message string) *XRayError {
	return &XRayError{Type: typeError, Message: message, Stack: capturePCs(1, f.frameCount())}
}

// Errorf is Error with the message formatted by fmt.Sprintf. Its stack starts
// at the function that called Errorf and holds at most FrameCount-1 frames
// (none when FrameCount is 0).
func (f *DefaultFormattingStrategy) Errorf(formatString string, args ...interface{}) *XRayError {
	// Upstream captures one frame more than it keeps, so FrameCount-1 frames
	// remain; with FrameCount 0 it panicked, here the stack is just empty.
	return &XRayError{
		Type:    typeError,
		Message: fmt.Sprintf(formatString, args...),
		Stack:   capturePCs(1, f.frameCount()-1),
	}
}

// Panic returns an error of type "panic" with the given message. Called from
// a deferred function that recovered a panic, its stack starts at the function
// that panicked: the frames up to and including the runtime's panic machinery
// are removed. Called outside a panic, the stack starts at Panic itself. The
// FrameCount budget includes the removed frames.
func (f *DefaultFormattingStrategy) Panic(message string) *XRayError {
	return &XRayError{Type: typePanic, Message: message, Stack: trimToPanic(capturePCs(0, f.frameCount()))}
}

// Panicf is Panic with the message formatted by fmt.Sprintf.
func (f *DefaultFormattingStrategy) Panicf(formatString string, args ...interface{}) *XRayError {
	return f.Panic(fmt.Sprintf(formatString, args...))
}

// capturePCs returns up to n return program counters of the current goroutine.
// skip 0 starts at the function that called capturePCs, 1 at its caller, and
// so on. The result is never nil, so an error built with an empty budget still
// counts as carrying a stack.
func capturePCs(skip, n int) []uintptr {
	if n < 0 {
		n = 0
	}
	pcs := make([]uintptr, n)
	if n == 0 {
		return pcs
	}
	got := runtime.Callers(skip+2, pcs) // +2: runtime.Callers and capturePCs
	return pcs[:got:got]
}

// trimToPanic removes every frame up to and including the first frame of the
// runtime's gopanic, which is the function that runs deferred calls while a
// panic unwinds. Without such a frame pcs is returned unchanged.
func trimToPanic(pcs []uintptr) []uintptr {
	for i := range pcs {
		// Callers yields one program counter per logical frame (inlined calls
		// included), so looking at each counter on its own is exact.
		fr, _ := runtime.CallersFrames(pcs[i : i+1]).Next()
		if frameLabel(fr.Function) == "gopanic" && framePath(fr.Function, fr.File) == "runtime/panic.go" {
			return pcs[i+1:]
		}
	}
	return pcs
}
