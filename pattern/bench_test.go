package pattern

import "testing"

func BenchmarkWildcardMatch(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = WildcardMatch("/api/*/items/*", "/api/v1/items/1234", false)
	}
}

func BenchmarkWildcardMatchCaseInsensitive(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = WildcardMatchCaseInsensitive("*.Example.COM", "www.service.EXAMPLE.com")
	}
}

func BenchmarkWildcardMatchBacktrack(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = WildcardMatch("a*na*ha", "anananahahanahana", false)
	}
}
