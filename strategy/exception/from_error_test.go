package exception_test

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	//lint:ignore SA1019 the spec requires recognising aws-sdk-go v1 request failures
	"github.com/aws/aws-sdk-go/aws/awserr"
	pkgerrors "github.com/pkg/errors"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

type valueErr struct{ msg string }

func (e valueErr) Error() string { return e.msg }

// tracedErr brings its own stack without being an XRayError.
type tracedErr struct{ pcs []uintptr }

func (e *tracedErr) Error() string         { return "traced" }
func (e *tracedErr) StackTrace() []uintptr { return e.pcs }

// asErr offers an XRayError only through an As method.
type asErr struct{ xe *exception.XRayError }

func (e asErr) Error() string { return "as-err" }
func (e asErr) As(target any) bool {
	if p, ok := target.(**exception.XRayError); ok {
		*p = e.xe
		return true
	}
	return false
}

type nilPtrErr struct{ msg string }

func (e *nilPtrErr) Error() string { return e.msg }

type panickyErr struct{}

func (panickyErr) Error() string { panic("boom") }

// loopErr unwraps to itself.
type loopErr struct{}

func (e *loopErr) Error() string { return "loop" }
func (e *loopErr) Unwrap() error { return e }

// panickyUnwrapErr fails while its chain is walked.
type panickyUnwrapErr struct{}

func (panickyUnwrapErr) Error() string { return "bad unwrap" }
func (panickyUnwrapErr) Unwrap() error { panic("unwrap boom") }

func TestExceptionFromErrorKinds(t *testing.T) {
	f := newFormatter(t, 32)
	xe, xeLine := f.Error("MyError"), line()
	requestFailure := awserr.NewRequestFailure(awserr.New("AccessDenied", "denied", nil), 403, "req-123")
	noIDFailure := awserr.NewRequestFailure(awserr.New("RequestError", "send failed", nil), 0, "")
	pkgErr, pkgLine := pkgerrors.New("pkg boom"), line()
	var deep *exception.XRayError
	recurse(40, func() { deep = f.Error("deep") })
	var nilPtr *nilPtrErr

	logs := captureLogs(t)
	const self = "TestExceptionFromErrorKinds"
	// the stack of an error that brings none: see TestFallbackStackSkipsCloser
	fallback := []string{"userOuter", self + ".func2", "tRunner"}
	for _, tc := range []struct {
		name      string
		err       error
		typ       string
		message   string
		remote    bool
		labels    []string // expected prefix of the frame labels; the fallback stack when nil
		line      int      // expected line of frame 0, when not 0
		numFrames int      // expected number of frames, when not 0
	}{
		{name: "errors.New", err: errors.New("cart not found"), typ: "errors.errorString", message: "cart not found",
			labels: fallback},
		{name: "fmt.Errorf wrap", err: fmt.Errorf("ctx: %w", errors.New("x")), typ: "fmt.wrapError", message: "ctx: x"},
		{name: "fmt.Errorf two wraps", err: fmt.Errorf("%w+%w", errors.New("a"), errors.New("b")), typ: "fmt.wrapErrors", message: "a+b"},
		{name: "url.Error", err: &url.Error{Op: "Get", URL: "http://x", Err: errors.New("refused")}, typ: "url.Error",
			message: `Get "http://x": refused`},
		{name: "value type", err: valueErr{"v"}, typ: "exception_test.valueErr", message: "v"},
		{name: "XRayError", err: xe, typ: "error", message: "MyError", labels: []string{self, "tRunner"}, line: xeLine},
		{name: "wrapped XRayError", err: fmt.Errorf("ctx: %w", xe), typ: "error", message: "ctx: MyError",
			labels: []string{self, "tRunner"}, line: xeLine},
		{name: "joined XRayError", err: errors.Join(errors.New("first"), xe), typ: "error", message: "first\nMyError",
			labels: []string{self}, line: xeLine},
		{name: "user XRayError without stack", err: &exception.XRayError{Type: "Custom", Message: "m"}, typ: "Custom", message: "m",
			labels: fallback},
		{name: "XRayError via As", err: asErr{xe}, typ: "error", message: "as-err"}, // As offers no StackTracer
		{name: "own StackTracer used in full", err: &tracedErr{deep.Stack}, typ: "exception_test.tracedErr", message: "traced",
			labels: []string{self + ".func1", "recurse", "recurse"}, numFrames: 32},
		{name: "pkg/errors New", err: pkgErr, typ: "errors.fundamental", message: "pkg boom", labels: []string{self, "tRunner"}, line: pkgLine},
		{name: "pkg/errors Wrap", err: pkgerrors.Wrap(errors.New("a"), "b"), typ: "errors.withStack", message: "b: a",
			labels: []string{self, "tRunner"}},
		{name: "pkg/errors Wrap of XRayError", err: pkgerrors.Wrap(xe, "ctx"), typ: "error", message: "ctx: MyError",
			// the XRayError's frames, then pkg/errors' frames
			labels: []string{self, "tRunner", "goexit", self, "tRunner", "goexit"}, line: xeLine},
		{name: "aws request failure", err: requestFailure, typ: "awserr.requestError", message: requestFailure.Error(), remote: true},
		{name: "wrapped aws request failure", err: fmt.Errorf("call: %w", requestFailure), typ: "fmt.wrapError",
			message: "call: " + requestFailure.Error(), remote: true},
		{name: "aws failure without request id", err: noIDFailure, typ: "awserr.requestError", message: noIDFailure.Error()},
		{name: "aws error", err: awserr.New("Code", "msg", nil), typ: "awserr.baseError", message: "Code: msg"},
		{name: "grpc status", err: status.Error(codes.NotFound, "gone"), typ: "status.Error",
			message: "rpc error: code = NotFound desc = gone"},
		{name: "MultiError", err: exception.MultiError{errors.New("a"), errors.New("b")}, typ: "exception.MultiError",
			message: "2 errors occurred:\n* a\n* b\n"},
		{name: "typed nil pointer", err: nilPtr, typ: "exception_test.nilPtrErr", message: "<nil>"},
		{name: "typed nil XRayError", err: (*exception.XRayError)(nil), typ: "exception.XRayError", message: "<nil>"},
		{name: "panicking Error method", err: panickyErr{}, typ: "exception_test.panickyErr",
			message: "%!v(PANIC=Error method: boom)"},
		{name: "panicking Unwrap", err: panickyUnwrapErr{}, typ: "exception_test.panickyUnwrapErr", message: "bad unwrap"},
		{name: "Unwrap cycle", err: &loopErr{}, typ: "exception_test.loopErr", message: "loop"},
		{name: "nil", err: nil, typ: "<nil>", message: "<nil>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := roundTrip(t, userOuter(f, tc.err))
			if !hexID.MatchString(str(w.ID)) {
				t.Errorf("id = %q, want 16 lowercase hex digits", str(w.ID))
			}
			if str(w.Type) != tc.typ {
				t.Errorf("type = %q, want %q", str(w.Type), tc.typ)
			}
			if str(w.Message) != tc.message {
				t.Errorf("message = %q, want %q", str(w.Message), tc.message)
			}
			switch {
			case tc.remote && (w.Remote == nil || !*w.Remote):
				t.Errorf("remote = %v, want true", w.Remote)
			case !tc.remote && w.Remote != nil:
				t.Errorf("remote present (%v), want it omitted", *w.Remote)
			}
			if len(w.Stack) == 0 {
				t.Fatal("no stack")
			}
			for i, fr := range w.Stack {
				if fr.Path == nil || fr.Line == nil || fr.Label == nil {
					t.Errorf("frame %d = %+v: a field is missing", i, fr)
				}
			}
			if tc.labels == nil {
				tc.labels = fallback
			}
			if got := labels(w.Stack); !hasPrefixLabels(got, tc.labels) {
				t.Errorf("labels = %q, want prefix %q", got, tc.labels)
			}
			if tc.line != 0 && (*w.Stack[0].Line != tc.line || !isTestFile(str(w.Stack[0].Path))) {
				t.Errorf("frame 0 = %s:%d, want from_error_test.go:%d", str(w.Stack[0].Path), *w.Stack[0].Line, tc.line)
			}
			if tc.numFrames != 0 && len(w.Stack) != tc.numFrames {
				t.Errorf("%d frames, want %d", len(w.Stack), tc.numFrames)
			}
		})
	}
	for _, want := range []string{
		"[WARN] xray: Error method of *exception_test.nilPtrErr panicked: runtime error: invalid memory address",
		"[WARN] xray: Error method of exception_test.panickyErr panicked: boom",
		"[WARN] xray: inspecting error chain of exception_test.panickyUnwrapErr panicked: unwrap boom",
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

// An error that brings no stack gets the goroutine's stack, skipping the
// formatter's caller and the two functions above it. The helpers below
// stand for the SDK's call path: user code -> public Close/AddError ->
// add-error helper -> ExceptionFromError.
func addErrorHelper(f exception.FormattingStrategy, err error) exception.Exception {
	return f.ExceptionFromError(err)
}

func publicClose(f exception.FormattingStrategy, err error) exception.Exception {
	return addErrorHelper(f, err)
}

func userCloses(f exception.FormattingStrategy, err error) exception.Exception {
	return publicClose(f, err)
}

func userOuter(f exception.FormattingStrategy, err error) exception.Exception {
	return userCloses(f, err)
}

// UPSTREAM QUIRK kept (the frame layout of Capture depends on it): the
// function that called Close/AddError is itself skipped.
func TestFallbackStackSkipsCloser(t *testing.T) {
	f := newFormatter(t, 32)
	w := roundTrip(t, userOuter(f, errors.New("plain")))
	want := []string{"userOuter", "TestFallbackStackSkipsCloser", "tRunner", "goexit"}
	if got := labels(w.Stack); !hasPrefixLabels(got, want) || len(got) != len(want) {
		t.Errorf("labels = %q, want %q", got, want)
	}
	if p := str(w.Stack[3].Path); !strings.HasPrefix(p, "runtime/asm_") || !strings.HasSuffix(p, ".s") {
		t.Errorf("goexit path = %q, want runtime/asm_*.s", p)
	}
	// The fallback capture is bounded by FrameCount.
	w = roundTrip(t, userOuter(newFormatter(t, 2), errors.New("plain")))
	if got := labels(w.Stack); len(got) != 2 || got[0] != "userOuter" {
		t.Errorf("FrameCount 2: labels = %q", got)
	}
}

// UPSTREAM QUIRK kept: an empty stack records as one empty frame, "stack":[{}].
// It happens with FrameCount 0, when the skip passes the top of the stack, and
// for an XRayError whose stack is empty but not nil.
func TestEmptyStackIsOneEmptyFrame(t *testing.T) {
	for name, ex := range map[string]exception.Exception{
		"FrameCount 0":           userOuter(newFormatter(t, 0), errors.New("x")),
		"skip past top of stack": newFormatter(t, 32).ExceptionFromError(errors.New("x")),
		"empty XRayError stack":  newFormatter(t, 32).ExceptionFromError(&exception.XRayError{Type: "t", Stack: []uintptr{}}),
		"unknown program counters": newFormatter(t, 32).ExceptionFromError(&exception.XRayError{Type: "t",
			Stack: []uintptr{1, 2, 3}}),
	} {
		raw, err := jsonString(ex)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(raw, `"stack":[{}]`) {
			t.Errorf("%s: %s, want \"stack\":[{}]", name, raw)
		}
	}
}

// The Capture layout the SDK core relies on: Capture calls fn directly,
// recovers in a deferred function declared in Capture, and closes from there.
func fakeCapture(f exception.FormattingStrategy, fn func() error) (ex exception.Exception) {
	var err error
	defer func() {
		if p := recover(); p != nil {
			err = f.Panicf("%v", p)
		}
		ex = publicClose(f, err)
	}()
	err = fn()
	return ex
}

func TestCaptureLayout(t *testing.T) {
	f := newFormatter(t, 32)
	for _, tc := range []struct {
		name    string
		fn      func() error
		typ     string
		message string
		labels  []string
	}{
		{"XRayError", func() error { return f.Error("MyError") }, "error", "MyError",
			[]string{"TestCaptureLayout.func1", "fakeCapture", "TestCaptureLayout.func4"}},
		{"panic", func() error { panic("MyPanic") }, "panic", "MyPanic",
			[]string{"TestCaptureLayout.func2", "fakeCapture", "TestCaptureLayout.func4"}},
		{"plain error", func() error { return errors.New("cart not found") }, "errors.errorString", "cart not found",
			[]string{"fakeCapture", "TestCaptureLayout.func4"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := roundTrip(t, fakeCapture(f, tc.fn))
			if str(w.Type) != tc.typ || str(w.Message) != tc.message {
				t.Errorf("type, message = %q, %q; want %q, %q", str(w.Type), str(w.Message), tc.typ, tc.message)
			}
			if got := labels(w.Stack); !hasPrefixLabels(got, tc.labels) {
				t.Errorf("labels = %q, want prefix %q", got, tc.labels)
			}
		})
	}
}

func TestExceptionIDsDiffer(t *testing.T) {
	f := newFormatter(t, 0)
	seen := make(map[string]bool)
	for range 2000 {
		id := f.ExceptionFromError(errors.New("x")).ID
		if !hexID.MatchString(id) || seen[id] {
			t.Fatalf("id %q is malformed or repeated", id)
		}
		seen[id] = true
	}
}

// The formatter copies before appending pkg/errors frames, so the
// XRayError's own stack is never written to.
func TestExceptionFromErrorLeavesErrorAlone(t *testing.T) {
	f := newFormatter(t, 32)
	xe := f.Error("x")
	xe.Stack = append(make([]uintptr, 0, len(xe.Stack)+8), xe.Stack...) // spare capacity
	before := append([]uintptr(nil), xe.Stack[:cap(xe.Stack)]...)
	_ = f.ExceptionFromError(pkgerrors.Wrap(xe, "ctx"))
	if after := xe.Stack[:cap(xe.Stack)]; fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("ExceptionFromError wrote into the error's stack")
	}
}
