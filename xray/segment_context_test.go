package xray

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"
)

type ctxTestKey struct{}

// The context returned with an entity answers like
// context.WithValue(parent, ContextKey, seg).
func TestSegmentContextBehavesLikeWithValue(t *testing.T) {
	parent, cancel := context.WithTimeout(context.WithValue(context.Background(), ctxTestKey{}, "v"), time.Hour)
	defer cancel()
	ctx, seg := BeginSegment(parent, "root")
	defer seg.Close(nil)
	if GetSegment(ctx) != seg || ctx.Value(ContextKey) != seg {
		t.Fatal("segment not found")
	}
	if ctx.Value(ctxTestKey{}) != "v" || ctx.Value("missing") != nil {
		t.Error("parent values not reached")
	}
	if d1, ok1 := ctx.Deadline(); true {
		d2, ok2 := parent.Deadline()
		if d1 != d2 || ok1 != ok2 {
			t.Error("deadline differs")
		}
	}
	subCtx, sub := BeginSubsegment(ctx, "sub")
	if GetSegment(subCtx) != sub || subCtx.Value(ctxTestKey{}) != "v" {
		t.Error("subsegment context")
	}
	sub.Close(nil)

	plain := context.WithValue(context.Background(), ctxTestKey{}, "v")
	pctx, pseg := BeginSegment(plain, "plain")
	defer pseg.Close(nil)
	want := context.WithValue(plain, ContextKey, pseg)
	if got, w := pctx.(interface{ String() string }).String(), want.(interface{ String() string }).String(); got != w {
		t.Errorf("String() = %q, want %q", got, w)
	}

	// Cancellation flows through it without a goroutine of its own.
	before := runtime.NumGoroutine()
	child, stop := context.WithCancel(ctx)
	if n := runtime.NumGoroutine(); n != before {
		t.Errorf("WithCancel started %d goroutines", n-before)
	}
	cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("cancel of the parent did not reach the child")
	}
	stop()
	if ctx.Err() == nil || !strings.Contains(ctx.Err().Error(), "canceled") {
		t.Errorf("Err() = %v", ctx.Err())
	}
}
