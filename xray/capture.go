package xray

import (
	"context"
)

// Capture runs fn in a subsegment named name. The subsegment records fn's
// error (returned unchanged) or panic (re-raised with the original value
// after it is recorded) and is closed when fn returns.
func Capture(ctx context.Context, name string, fn func(context.Context) error) (err error) {
	c, seg := BeginSubsegment(ctx, name)
	defer func() {
		if p := recover(); p != nil {
			if seg != nil {
				err = seg.formatter().Panicf("%v", p)
				seg.Close(err)
			} else {
				captureMissing(ctx, name)
			}
			panic(p)
		}
		if seg != nil {
			seg.Close(err)
		} else {
			contextMissing(ctx, "failed to end subsegment: subsegment '"+name+"' cannot be found.")
		}
	}()
	err = fn(c)
	return err
}

// captureMissing reports a missing subsegment while a panic is on its way
// up; a strategy that panics itself must not replace the user's panic.
func captureMissing(ctx context.Context, name string) {
	defer func() { _ = recover() }()
	contextMissing(ctx, "failed to end subsegment: subsegment '"+name+"' cannot be found.")
}

// CaptureAsync runs fn in a subsegment named name on a new goroutine. It
// returns once the subsegment has been begun.
func CaptureAsync(ctx context.Context, name string, fn func(context.Context) error) {
	started := make(chan struct{})
	go func() {
		_ = Capture(ctx, name, func(c context.Context) error {
			close(started)
			return fn(c)
		})
	}()
	<-started
}
