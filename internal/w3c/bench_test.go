package w3c

import "testing"

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _, _, _ = Parse(validTP)
	}
}

func BenchmarkParseInvalid(b *testing.B) {
	const bad = "00-5759e988bd862e3fe1be46a994272793-0000000000000000-01"
	b.ReportAllocs()
	for b.Loop() {
		_, _, _, _ = Parse(bad)
	}
}

func BenchmarkFormat(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Format(validXRay, validSpan, true)
	}
}
