package exception_test

import (
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

func TestNewDefaultFormattingStrategy(t *testing.T) {
	f, err := exception.NewDefaultFormattingStrategy()
	if err != nil || f == nil || f.FrameCount != 32 {
		t.Fatalf("NewDefaultFormattingStrategy() = %+v, %v; want FrameCount 32, nil", f, err)
	}
	var _ exception.FormattingStrategy = f
}

func TestNewDefaultFormattingStrategyWithDefinedErrorFrameCount(t *testing.T) {
	const text = "frameCount must be a non-negative integer and less than 32"
	for _, tc := range []struct {
		n       int
		wantErr bool
	}{
		{n: -1, wantErr: true},
		{n: -100, wantErr: true},
		{n: 0},
		{n: 1},
		{n: 31},
		{n: 32}, // the text says "less than" but 32 is accepted
		{n: 33, wantErr: true},
		{n: 1 << 30, wantErr: true},
	} {
		f, err := exception.NewDefaultFormattingStrategyWithDefinedErrorFrameCount(tc.n)
		if tc.wantErr {
			if f != nil || err == nil || err.Error() != text {
				t.Errorf("n=%d: got %+v, %v; want nil, %q", tc.n, f, err, text)
			}
			continue
		}
		if err != nil || f == nil || f.FrameCount != tc.n {
			t.Errorf("n=%d: got %+v, %v; want FrameCount %d", tc.n, f, err, tc.n)
		}
	}
}

// A formatter built by hand with an out-of-range budget, or a nil one, must
// not panic.
func TestOutOfRangeFrameCountDoesNotPanic(t *testing.T) {
	for _, f := range []*exception.DefaultFormattingStrategy{
		{FrameCount: -5},
		{FrameCount: 1 << 40},
		nil,
	} {
		xe := f.Error("e")
		if xe.Type != "error" || xe.Message != "e" {
			t.Errorf("%+v.Error = %+v", f, xe)
		}
		_ = f.Errorf("e %d", 1)
		_ = f.Panic("p")
		_ = f.Panicf("p %d", 1)
		ex := f.ExceptionFromError(xe)
		if ex.Type != "error" || len(ex.Stack) == 0 {
			t.Errorf("%+v.ExceptionFromError = %+v", f, ex)
		}
	}
	if n := len((*exception.DefaultFormattingStrategy)(nil).Error("e").Stack); n == 0 || n > 32 {
		t.Errorf("nil formatter captured %d frames, want the default budget", n)
	}
	if n := len((&exception.DefaultFormattingStrategy{FrameCount: -5}).Error("e").Stack); n != 0 {
		t.Errorf("negative budget captured %d frames", n)
	}
}
