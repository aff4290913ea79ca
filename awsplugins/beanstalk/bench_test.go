package beanstalk

import (
	"testing"
)

func BenchmarkParseConfig(b *testing.B) {
	raw := []byte(sampleConfig)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseConfig(raw); err != nil {
			b.Fatal(err)
		}
	}
}
