package exception

import (
	"errors"
	"runtime"
	"testing"
)

// deepPCs returns the program counters of a stack depth frames deeper than
// the caller.
func deepPCs(depth int) []uintptr {
	if depth == 0 {
		pcs := make([]uintptr, 128)
		return pcs[:runtime.Callers(1, pcs)]
	}
	return deepPCs(depth - 1)
}

func BenchmarkConvertStack(b *testing.B) {
	for _, n := range []int{1, 10, 32} {
		pcs := deepPCs(n)[:n]
		b.Run(itoa(n)+"frames", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = convertStack(pcs)
			}
		})
		b.Run(itoa(n)+"frames/uncached", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = symbolize(pcs)
			}
		})
	}
}

func BenchmarkNewExceptionID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = newExceptionID()
	}
}

func BenchmarkNewExceptionIDParallel(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_ = newExceptionID()
		}
	})
}

func BenchmarkTypeName(b *testing.B) {
	err := errors.New("x")
	b.ReportAllocs()
	for b.Loop() {
		_ = typeName(err)
	}
}

func BenchmarkInspectChain(b *testing.B) {
	err := errors.New("x")
	b.ReportAllocs()
	for b.Loop() {
		var c chainFacts
		c.inspect(err)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
