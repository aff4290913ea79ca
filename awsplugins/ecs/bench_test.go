package ecs

import (
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/plugins"
)

// BenchmarkInitAlreadyPresent is the cost of a repeated Init.
func BenchmarkInitAlreadyPresent(b *testing.B) {
	plugins.Reset()
	b.Cleanup(plugins.Reset)
	Init()
	b.ReportAllocs()
	for b.Loop() {
		Init()
	}
}
