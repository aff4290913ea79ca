package header

import "testing"

const benchHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"

func BenchmarkFromString(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = FromString(benchHeader)
	}
}

func BenchmarkFromStringExtra(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = FromString(benchHeader + ";Lineage=a87bd80c:1|68fd508a:5")
	}
}

func BenchmarkHeaderString(b *testing.B) {
	h := FromString(benchHeader)
	b.ReportAllocs()
	for b.Loop() {
		_ = h.String()
	}
}

func BenchmarkHeaderStringExtra(b *testing.B) {
	h := FromString(benchHeader + ";Lineage=a87bd80c:1|68fd508a:5;Foo=bar")
	b.ReportAllocs()
	for b.Loop() {
		_ = h.String()
	}
}
