package pattern

import (
	"strings"
	"testing"
)

func TestWildcardMatch(t *testing.T) {
	tests := []struct {
		pattern, text string
		want          bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"*", "anything at all", true},
		{"*", "*", true},
		{"*", "**x", true},
		{"**", "", true},
		{"a", "a", true},
		{"a", "A", false},
		{"a", "", false},
		{"?", "", false},
		{"?", "a", true},
		{"??", "a", false},
		{"a*", "a", true},
		{"a*", "abc", true},
		{"*b", "axb", true},
		{"*b", "ab", true},
		{"*b", "ba", false},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"*/foo", "/bar/foo", true},
		{"/api/*", "/api/v1/items", true},
		{"/api/*", "/apx/v1", false},
		{"a*na*ha", "anananahahanahana", false},
		{"a*na*ha", "anananahahanaha", true},
		{"*.example.com", "www.example.com", true},
		{"*.example.com", "example.com", false},
		{"a*b*c*d", "aXbYcZd", true},
		{"a*b*c*d", "aXbYcZ", false},
		{"*a*", "bbbabbb", true},
		{"GET", "GET", true},
		{"GET", "get", false},
		// '?' matches one byte: "é" is two.
		{"?", "é", false},
		{"??", "é", true},
		{"caf?", "café", false},
		{"caf??", "café", true},
		// UPSTREAM QUIRK kept: a wildcard in the text at the position of the
		// same wildcard in the pattern is consumed literally.
		{"*b", "*xb", false},
		{"x*", "x*yz", false},
		{"?b", "?xb", false},
		{"*", "*xb", true},
		{"a*", "a*", true},
		{"a?", "a?", true},
	}
	for _, tc := range tests {
		if got := WildcardMatch(tc.pattern, tc.text, false); got != tc.want {
			t.Errorf("WildcardMatch(%q, %q, false) = %v, want %v", tc.pattern, tc.text, got, tc.want)
		}
	}
}

func TestWildcardMatchCaseInsensitive(t *testing.T) {
	tests := []struct {
		pattern, text string
		want          bool
	}{
		{"a*", "A", true},
		{"GET", "get", true},
		{"get", "GeT", true},
		{"*.EXAMPLE.com", "www.example.COM", true},
		{"/Api/?1", "/aPI/V1", true},
		{"a", "b", false},
		{"", "", true},
		{"", "A", false},
		// Non-ASCII text is lowered with strings.ToLower first.
		{"ÉTÉ", "été", true},
		{"*É", "café", true},
		// KELVIN SIGN lowers to ASCII 'k': the byte counts change with it.
		{"?", "\u212a", true},
		{"k", "\u212a", true},
		// Invalid UTF-8 becomes U+FFFD (three bytes) when lowered.
		{"???", "\xff", true},
		{"?", "\xff", false},
		{"*b", "*XB", false},
	}
	for _, tc := range tests {
		if got := WildcardMatchCaseInsensitive(tc.pattern, tc.text); got != tc.want {
			t.Errorf("WildcardMatchCaseInsensitive(%q, %q) = %v, want %v", tc.pattern, tc.text, got, tc.want)
		}
		if got := WildcardMatch(tc.pattern, tc.text, true); got != tc.want {
			t.Errorf("WildcardMatch(%q, %q, true) = %v, want %v", tc.pattern, tc.text, got, tc.want)
		}
	}
}

// Long inputs finish quickly: the matcher never backtracks further than the
// most recent '*'.
func TestNoExponentialBacktracking(t *testing.T) {
	text := strings.Repeat("a", 10000)
	pattern := strings.Repeat("*a", 50) + "b"
	if WildcardMatch(pattern, text, false) {
		t.Error("matched a pattern that needs a trailing b")
	}
}

func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not stable under -race")
	}
	n := testing.AllocsPerRun(100, func() {
		_ = WildcardMatchCaseInsensitive("*.Example.COM", "www.EXAMPLE.com")
		_ = WildcardMatch("/api/*/items?", "/api/v1/items2", false)
	})
	if n != 0 {
		t.Errorf("allocs = %v, want 0", n)
	}
}
