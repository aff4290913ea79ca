package xraytest_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraytest"
)

// fatalTB records a Fatal instead of failing the real test.
type fatalTB struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatal(args ...interface{}) {
	f.mu.Lock()
	f.msg = fmt.Sprint(args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fatalTB) Fatalf(format string, args ...interface{}) { f.Fatal(fmt.Sprintf(format, args...)) }

// fatalOf runs fn with a fatalTB and returns the Fatal message ("" if none).
func fatalOf(t *testing.T, fn func(tb testing.TB)) string {
	f := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.msg
}

func TestWaitForWakesUpOnArrival(t *testing.T) {
	t.Parallel()
	ctx, rec := xraytest.NewRecorder(t)
	start := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-start
		for i := 0; i < 3; i++ {
			_, seg := xray.BeginSegment(ctx, "async")
			seg.Close(nil)
		}
	}()
	close(start)
	if err := rec.WaitFor(3, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	<-done
	if n := len(rec.SegmentsNamed("async")); n != 3 {
		t.Errorf("%d segments", n)
	}
}

func TestWaitSubsegmentOfAnOpenRoot(t *testing.T) {
	t.Parallel()
	ctx, rec := xraytest.NewRecorder(t)
	ctx, root := xray.BeginSegment(ctx, "root")
	go func() {
		_, sub := xray.BeginSubsegment(ctx, "streamed")
		sub.CloseAndStream(nil)
	}()
	got := rec.WaitSubsegment(t, "streamed")
	if !got.IsSubsegmentDocument() || got.ParentID != root.ID {
		t.Errorf("streamed subsegment %+v", got)
	}
	root.Close(nil)
	rec.WaitSegment(t, "root")
}

func TestWaitForTimesOut(t *testing.T) {
	t.Parallel()
	_, rec := xraytest.NewRecorder(t)
	err := rec.WaitFor(1, 10*time.Millisecond)
	if err == nil || err.Error() != "xraytest: 0 documents arrived within 10ms, want 1" {
		t.Errorf("err %v", err)
	}
	if err := rec.WaitFor(0, 0); err != nil {
		t.Errorf("waiting for nothing: %v", err)
	}
}

func TestWaitFailuresNameWhatArrived(t *testing.T) {
	t.Parallel()
	ctx, rec := xraytest.NewRecorder(t, xraytest.WithTimeout(10*time.Millisecond))
	checkout(ctx)

	cases := map[string]func(tb testing.TB){
		`xraytest: no segment named "other" within 10ms; segments received: ["checkout"]`: func(tb testing.TB) {
			rec.WaitSegment(tb, "other")
		},
		`xraytest: no subsegment named "other" within 10ms; subsegments received: ["load-cart"]`: func(tb testing.TB) {
			rec.WaitSubsegment(tb, "other")
		},
		`xraytest: 1 documents arrived within 10ms, want 2`: func(tb testing.TB) {
			rec.Wait(tb, 2)
		},
	}
	for want, fn := range cases {
		if got := fatalOf(t, fn); got != want {
			t.Errorf("fatal %q\nwant  %q", got, want)
		}
	}
	if got := fatalOf(t, func(tb testing.TB) { rec.WaitSegment(tb, "checkout") }); got != "" {
		t.Errorf("unexpected failure %q", got)
	}
}

func TestWaitFailsOnUndecodableDocuments(t *testing.T) {
	t.Parallel()
	d, err := xraytest.ListenDaemon()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	send(t, d, xray.Header+`{"name":`)
	got := fatalOf(t, func(tb testing.TB) { d.Wait(tb, 1) })
	if !strings.HasPrefix(got, "xraytest: document 0 is not a segment document: unexpected end of JSON input") {
		t.Errorf("fatal %q", got)
	}
}
