package exception_test

import (
	"errors"
	"fmt"
	"testing"

	//lint:ignore SA1019 the spec requires recognising aws-sdk-go v1 request failures
	"github.com/aws/aws-sdk-go/aws/awserr"
	pkgerrors "github.com/pkg/errors"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

// atDepth runs fn under depth extra frames, like code deep in a handler.
func atDepth(depth int, fn func()) {
	if depth == 0 {
		fn()
		return
	}
	atDepth(depth-1, fn)
}

func BenchmarkExceptionFromError(b *testing.B) {
	f, _ := exception.NewDefaultFormattingStrategy()
	var xe *exception.XRayError
	atDepth(10, func() { xe = f.Error("x") })
	plain := errors.New("cart not found")
	for _, bc := range []struct {
		name  string
		err   error
		depth int
	}{
		{"plain/depth=0", plain, 0},
		{"plain/depth=10", plain, 10},
		{"plain/depth=30", plain, 30},
		{"wrapped", fmt.Errorf("a: %w", fmt.Errorf("b: %w", plain)), 10},
		{"XRayError/14frames", xe, 0},
		{"pkgerrors", pkgerrors.New("x"), 0},
		{"awsRequestFailure", awserr.NewRequestFailure(awserr.New("Throttling", "slow down", nil), 400, "id"), 10},
	} {
		b.Run(bc.name, func(b *testing.B) {
			atDepth(bc.depth, func() {
				b.ReportAllocs()
				for b.Loop() {
					_ = userOuter(f, bc.err)
				}
			})
		})
	}
}

func BenchmarkError(b *testing.B) {
	f, _ := exception.NewDefaultFormattingStrategy()
	atDepth(10, func() {
		b.ReportAllocs()
		for b.Loop() {
			_ = f.Error("x")
		}
	})
}

func BenchmarkErrorf(b *testing.B) {
	f, _ := exception.NewDefaultFormattingStrategy()
	atDepth(10, func() {
		b.ReportAllocs()
		for b.Loop() {
			_ = f.Errorf("code %d", 7)
		}
	})
}

func BenchmarkPanicf(b *testing.B) {
	f, _ := exception.NewDefaultFormattingStrategy()
	b.ReportAllocs()
	for b.Loop() {
		_ = recoverPanicf(f)
	}
}

func BenchmarkMultiError(b *testing.B) {
	m := exception.MultiError{errors.New("bad daemon address"), errors.New("bad sampling rules")}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Error()
	}
}
