package xray

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

func onlyException(t *testing.T, doc map[string]interface{}) map[string]interface{} {
	t.Helper()
	if doc["fault"] != true {
		t.Errorf("fault not set: %v", doc)
	}
	exs := arr(t, obj(t, doc, "cause"), "exceptions")
	if len(exs) != 1 {
		t.Fatalf("%d exceptions", len(exs))
	}
	return exs[0].(map[string]interface{})
}

func stackLabels(t *testing.T, ex map[string]interface{}) []string {
	t.Helper()
	var out []string
	for _, f := range arr(t, ex, "stack") {
		out = append(out, f.(map[string]interface{})["label"].(string))
	}
	return out
}

func TestCaptureNilError(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	var inner *Segment
	err := Capture(ctx, "work", func(c context.Context) error {
		inner = GetSegment(c)
		return nil
	})
	if err != nil || inner == nil || inner.Name != "work" {
		t.Fatalf("err %v inner %v", err, inner)
	}
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	sub := subsegmentsOf(t, doc)[0]
	if sub["name"] != "work" || sub["fault"] != nil || sub["end_time"] == nil {
		t.Errorf("sub %v", sub)
	}
}

func TestCaptureError(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	want := errors.New("cart not found")
	if err := Capture(ctx, "plain", func(context.Context) error { return want }); err != want {
		t.Errorf("err %v", err)
	}
	fs, _ := exception.NewDefaultFormattingStrategy()
	xerr := fs.Error("MyError")
	if err := Capture(ctx, "xray", func(context.Context) error { return xerr }); err != xerr {
		t.Errorf("err %v", err)
	}
	seg.Close(nil)
	subs := subsegmentsOf(t, rec.Recv(t, 1)[0])

	ex := onlyException(t, subs[0])
	if ex["type"] != "errors.errorString" || ex["message"] != "cart not found" || !idPattern.MatchString(str(t, ex, "id")) {
		t.Errorf("exception %v", ex)
	}
	if l := stackLabels(t, ex); len(l) == 0 || l[0] != "Capture" {
		t.Errorf("fallback stack starts at %v, want Capture", l)
	}
	if wd := str(t, obj(t, subs[0], "cause"), "working_directory"); !strings.HasSuffix(wd, "xray") {
		t.Errorf("working_directory %q", wd)
	}

	ex = onlyException(t, subs[1])
	if ex["type"] != "error" || ex["message"] != "MyError" {
		t.Errorf("exception %v", ex)
	}
	if l := stackLabels(t, ex); len(l) < 1 || l[0] != "TestCaptureError" {
		t.Errorf("stack %v", l)
	}
}

func TestCapturePanic(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	var got interface{}
	func() {
		defer func() { got = recover() }()
		_ = Capture(ctx, "panics", func(context.Context) error { panic("MyPanic") })
	}()
	if got != "MyPanic" {
		t.Fatalf("recovered %v, want the original value", got)
	}
	seg.Close(nil)
	ex := onlyException(t, subsegmentsOf(t, rec.Recv(t, 1)[0])[0])
	if ex["type"] != "panic" || ex["message"] != "MyPanic" {
		t.Errorf("exception %v", ex)
	}
	if l := stackLabels(t, ex); len(l) < 2 || l[0] != "TestCapturePanic.func1.2" || l[1] != "Capture" {
		t.Errorf("stack %v", l)
	}
}

func TestCaptureWithoutSegment(t *testing.T) {
	logs := captureLogs(t)
	ctx, _ := ContextWithConfig(context.Background(), Config{ContextMissingStrategy: ctxmissing.NewDefaultLogErrorStrategy()})
	ran := false
	want := errors.New("x")
	if err := Capture(ctx, "orphan", func(c context.Context) error { ran = c == ctx; return want }); err != want || !ran {
		t.Errorf("err %v ran %v", err, ran)
	}
	for _, l := range []string{
		"ERROR Suppressing AWS X-Ray context missing panic: failed to begin subsegment named 'orphan': segment cannot be found.",
		"ERROR Suppressing AWS X-Ray context missing panic: failed to end subsegment: subsegment 'orphan' cannot be found.",
	} {
		if !logs.Has(l) {
			t.Errorf("missing log %q in %v", l, logs.Lines())
		}
	}
	var got interface{}
	func() {
		defer func() { got = recover() }()
		_ = Capture(ctx, "orphan", func(context.Context) error { panic("mine") })
	}()
	if got != "mine" {
		t.Errorf("recovered %v", got)
	}
	t.Setenv("AWS_XRAY_SDK_DISABLED", "true")
	func() {
		defer func() { got = recover() }()
		_ = Capture(ctx, "disabled", func(context.Context) error { panic("still mine") })
	}()
	if got != "still mine" {
		t.Errorf("recovered %v", got)
	}
}

func TestCaptureAsync(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	release := make(chan struct{})
	done := make(chan struct{})
	CaptureAsync(ctx, "async", func(context.Context) error {
		<-release
		defer close(done)
		return errors.New("late")
	})
	// The subsegment is attached before CaptureAsync returns.
	seg.RLock()
	n := seg.childCount()
	seg.RUnlock()
	if n != 1 {
		t.Fatalf("%d children", n)
	}
	close(release)
	<-done
	seg.Close(nil)
	docs := rec.Recv(t, 1)
	for _, d := range docs {
		for _, s := range subsegmentsOf(t, d) {
			if s["name"] == "async" && s["in_progress"] == true {
				// Closed after the root: delivered on its own.
				rec.Recv(t, 1)
			}
		}
	}
}

func TestAddErrorStack(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	if err := AddError(ctx, errors.New("one")); err != nil {
		t.Fatal(err)
	}
	_ = seg.AddError(errors.New("two"))
	seg.Close(errors.New("three"))
	doc := rec.Recv(t, 1)[0]
	exs := arr(t, obj(t, doc, "cause"), "exceptions")
	if len(exs) != 3 || doc["fault"] != true || doc["error"] != nil {
		t.Fatalf("exceptions %v", exs)
	}
	for i, msg := range []string{"one", "two", "three"} {
		if exs[i].(map[string]interface{})["message"] != msg {
			t.Errorf("exception %d = %v", i, exs[i])
		}
	}
}
