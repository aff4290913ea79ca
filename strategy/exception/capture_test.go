package exception_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

// framesOf converts pcs through ExceptionFromError of an XRayError, the way
// the SDK records them.
func framesOf(pcs []uintptr) []exception.Stack {
	f, _ := exception.NewDefaultFormattingStrategy()
	return f.ExceptionFromError(&exception.XRayError{Type: "t", Stack: pcs}).Stack
}

func TestErrorRecordsCallSite(t *testing.T) {
	f := newFormatter(t, 32)
	xe, want := f.Error("MyError"), line()
	if xe.Type != "error" || xe.Message != "MyError" || xe.Error() != "MyError" {
		t.Fatalf("Error = %+v", xe)
	}
	if !reflect.DeepEqual(xe.StackTrace(), xe.Stack) {
		t.Fatal("StackTrace() differs from Stack")
	}
	st := framesOf(xe.Stack)
	if got := st[0]; got.Label != "TestErrorRecordsCallSite" || got.Line != want || !isTestFile(got.Path) ||
		!strings.HasSuffix(got.Path, "/capture_test.go") {
		t.Errorf("frame 0 = %+v, want TestErrorRecordsCallSite at capture_test.go:%d", got, want)
	}
	if got := st[1]; got.Label != "tRunner" || got.Path != "testing/testing.go" {
		t.Errorf("frame 1 = %+v, want tRunner in testing/testing.go", got)
	}
}

func TestErrorfRecordsCallSite(t *testing.T) {
	f := newFormatter(t, 32)
	xe, want := f.Errorf("code %d: %s", 42, "bad"), line()
	if xe.Type != "error" || xe.Message != "code 42: bad" {
		t.Fatalf("Errorf = %+v", xe)
	}
	st := framesOf(xe.Stack)
	if st[0].Label != "TestErrorfRecordsCallSite" || st[0].Line != want {
		t.Errorf("frame 0 = %+v, want the test at line %d", st[0], want)
	}
}

// recurse calls fn at the bottom of depth nested calls.
func recurse(depth int, fn func()) {
	if depth == 0 {
		fn()
		return
	}
	recurse(depth-1, fn)
}

func TestFrameCountBudget(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5, 32} {
		f := newFormatter(t, n)
		var xe, xef *exception.XRayError
		recurse(40, func() { xe, xef = f.Error("e"), f.Errorf("e") })
		if len(xe.Stack) != n {
			t.Errorf("FrameCount %d: Error kept %d frames", n, len(xe.Stack))
		}
		// Errorf keeps one frame less (upstream captures one more and drops it).
		if want := max(n-1, 0); len(xef.Stack) != want {
			t.Errorf("FrameCount %d: Errorf kept %d frames, want %d", n, len(xef.Stack), want)
		}
		if xe.Stack == nil || xef.Stack == nil {
			t.Errorf("FrameCount %d: nil stack; an XRayError from the formatter always carries one", n)
		}
		if n > 0 {
			if got := framesOf(xe.Stack)[0].Label; got != "TestFrameCountBudget.func1" {
				t.Errorf("FrameCount %d: Error frame 0 = %q", n, got)
			}
		}
		if n > 1 {
			if got := framesOf(xef.Stack)[0].Label; got != "TestFrameCountBudget.func1" {
				t.Errorf("FrameCount %d: Errorf frame 0 = %q", n, got)
			}
		}
	}
}

// UPSTREAM QUIRK fixed: Errorf with a zero budget panicked (slice bounds);
// here it returns an error with an empty stack, which records as [{}].
func TestErrorfZeroFramesDoesNotPanic(t *testing.T) {
	f := newFormatter(t, 0)
	xe := f.Errorf("no %s", "frames")
	if xe.Message != "no frames" || len(xe.Stack) != 0 {
		t.Fatalf("Errorf = %+v", xe)
	}
	w := roundTrip(t, f.ExceptionFromError(xe))
	if len(w.Stack) != 1 || w.Stack[0] != (wireFrame{}) {
		t.Errorf("stack = %+v, want one empty frame", w.Stack)
	}
}

//go:noinline
func panicker() {
	panic("MyPanic")
}

// recoverPanic runs panicker and turns its panic into an error with Panic,
// from the deferred handler, the way Capture does.
func recoverPanic(f *exception.DefaultFormattingStrategy) (xe *exception.XRayError) {
	defer func() {
		if p := recover(); p != nil {
			xe = f.Panic(fmt.Sprint(p))
		}
	}()
	panicker()
	return nil
}

// recoverPanicf is recoverPanic with Panicf.
func recoverPanicf(f *exception.DefaultFormattingStrategy) (xe *exception.XRayError) {
	defer func() {
		if p := recover(); p != nil {
			xe = f.Panicf("%v", p)
		}
	}()
	panicker()
	return nil
}

func TestPanicFromRecoverStartsAtPanickingFunction(t *testing.T) {
	f := newFormatter(t, 32)
	for name, run := range map[string]func(*exception.DefaultFormattingStrategy) *exception.XRayError{
		"Panic":  recoverPanic,
		"Panicf": recoverPanicf,
	} {
		xe := run(f)
		if xe == nil || xe.Type != "panic" || xe.Message != "MyPanic" {
			t.Fatalf("%s: got %+v", name, xe)
		}
		got := stackLabels(framesOf(xe.Stack))
		want := []string{"panicker", "recover" + name, "TestPanicFromRecoverStartsAtPanickingFunction", "tRunner"}
		if !hasPrefixLabels(got, want) {
			t.Errorf("%s: labels %q, want prefix %q", name, got, want)
		}
	}
}

// The budget is spent before the runtime frames are cut: Panic, Panicf, the
// deferred handler and gopanic use four frames.
func TestPanicBudgetIncludesRemovedFrames(t *testing.T) {
	xe := recoverPanicf(newFormatter(t, 5))
	if got := stackLabels(framesOf(xe.Stack)); !reflect.DeepEqual(got, []string{"panicker"}) {
		t.Errorf("Panicf, FrameCount 5: labels %q, want [panicker]", got)
	}
	xe = recoverPanic(newFormatter(t, 4))
	if got := stackLabels(framesOf(xe.Stack)); !reflect.DeepEqual(got, []string{"panicker"}) {
		t.Errorf("Panic, FrameCount 4: labels %q, want [panicker]", got)
	}
	// With 4 nothing is left after the cut; that records as one empty frame.
	xe = recoverPanicf(newFormatter(t, 4))
	if got := framesOf(xe.Stack); len(xe.Stack) != 0 || !reflect.DeepEqual(got, []exception.Stack{{}}) {
		t.Errorf("Panicf, FrameCount 4: %d counters, frames %+v; want none, [{}]", len(xe.Stack), got)
	}
	// With 3 gopanic is never reached, so nothing is removed.
	xe = recoverPanicf(newFormatter(t, 3))
	want := []string{"(*DefaultFormattingStrategy).Panic", "(*DefaultFormattingStrategy).Panicf", "recoverPanicf.func1"}
	if got := stackLabels(framesOf(xe.Stack)); !reflect.DeepEqual(got, want) {
		t.Errorf("Panicf, FrameCount 3: labels %q, want %q", got, want)
	}
}

func TestPanicOutsidePanicStartsAtPanic(t *testing.T) {
	f := newFormatter(t, 32)
	got := stackLabels(framesOf(f.Panic("p").Stack))
	if want := []string{"(*DefaultFormattingStrategy).Panic", "TestPanicOutsidePanicStartsAtPanic"}; !hasPrefixLabels(got, want) {
		t.Errorf("Panic labels %q, want prefix %q", got, want)
	}
	xe := f.Panicf("p%d", 1)
	if xe.Type != "panic" || xe.Message != "p1" {
		t.Errorf("Panicf = %+v", xe)
	}
	got = stackLabels(framesOf(xe.Stack))
	if want := []string{"(*DefaultFormattingStrategy).Panic", "(*DefaultFormattingStrategy).Panicf", "TestPanicOutsidePanicStartsAtPanic"}; !hasPrefixLabels(got, want) {
		t.Errorf("Panicf labels %q, want prefix %q", got, want)
	}
	st := framesOf(xe.Stack)
	if !strings.HasSuffix(st[0].Path, "strategy/exception/capture.go") {
		t.Errorf("Panic frame path = %q", st[0].Path)
	}
}

// A runtime error panics through extra runtime frames; the stack still
// starts right after gopanic and reaches the panicking function.
func TestPanicFromRuntimeError(t *testing.T) {
	f := newFormatter(t, 32)
	xe := func() (xe *exception.XRayError) {
		defer func() {
			if p := recover(); p != nil {
				xe = f.Panicf("%v", p)
			}
		}()
		var m map[string]int
		//lint:ignore SA5000 the runtime panic is what this test needs
		m["x"] = 1
		return nil
	}()
	if xe == nil || !strings.Contains(xe.Message, "nil map") {
		t.Fatalf("got %+v", xe)
	}
	got := stackLabels(framesOf(xe.Stack))
	for _, l := range got {
		if l == "gopanic" || strings.HasPrefix(l, "(*DefaultFormattingStrategy)") {
			t.Fatalf("labels %q still hold the panic machinery", got)
		}
	}
	found := false
	for _, l := range got {
		found = found || l == "TestPanicFromRuntimeError.func1"
	}
	if !found {
		t.Errorf("labels %q miss the panicking function", got)
	}
}

func TestStackTracesAreIndependent(t *testing.T) {
	f := newFormatter(t, 32)
	a, b := f.Error("a"), f.Error("b")
	if len(a.Stack) == 0 || &a.Stack[0] == &b.Stack[0] {
		t.Fatal("errors share a stack")
	}
}
