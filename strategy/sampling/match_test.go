package sampling

import (
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/pattern"
)

// matchesLikePattern checks the compiled matcher against the reference,
// pattern.WildcardMatchCaseInsensitive (an empty value always applies).
func matchesLikePattern(t *testing.T, pat, text string) {
	t.Helper()
	m := compileMatcher(pat)
	var f folder
	got := m.matches(f.lower(text))
	want := text == "" || pattern.WildcardMatchCaseInsensitive(pat, text)
	if got != want {
		t.Errorf("pattern %q, text %q: matcher %t, pattern package %t", pat, text, got, want)
	}
}

func TestMatcherAgreesWithPattern(t *testing.T) {
	patterns := []string{"", "*", "**", "*b", "x*", "*a*", "a*b", "?b", "a?", "exact", "EXACT", "*.Example.com",
		"/api/*", "a*na*ha", "*/foo", "?", "??", "caf?", "*é*", "É*", "*?*", "a**b"}
	texts := []string{"", "b", "*b", "*xb", "x*yz", "x", "xyz", "axb", "AXB", "?b", "?xb", "exact", "Exact", "ExactX",
		"www.example.com", "WWW.EXAMPLE.COM", "example.com", "/api/x", "/API/", "anananahahanahana", "/bar/foo",
		"é", "É", "café", "cafe", "a", "A", "ab", "a*b", "*", "?", "\xff", "İ"}
	for _, p := range patterns {
		for _, s := range texts {
			matchesLikePattern(t, p, s)
		}
	}
}

// The compiled matcher never disagrees with the pattern package.
func FuzzMatcher(f *testing.F) {
	f.Add("*.example.com", "WWW.example.com")
	f.Add("*b", "*xb")
	f.Add("x*", "x*yz")
	f.Add("?b", "?xb")
	f.Add("*é*", "CAFÉ")
	f.Add("/api/*", "/API/v1")
	f.Fuzz(func(t *testing.T, pat, text string) {
		if len(pat)*len(text) > 1<<20 {
			t.Skip("glob matching is O(len(pattern)*len(text)); huge inputs only slow the fuzzer")
		}
		matchesLikePattern(t, pat, text)
	})
}

func TestFolderLower(t *testing.T) {
	var f folder
	long := make([]byte, 300)
	for i := range long {
		long[i] = 'A'
	}
	for _, tt := range []struct {
		in, want string
		wild     bool
	}{
		{"", "", false},
		{"abc", "abc", false},
		{"GET", "get", false},
		{"A*B", "a*b", true},
		{"a?", "a?", true},
		{"ÉCOLE", "école", false},
		{"É*", "é*", true},
		{string(long), string(long[:0]) + lowerASCII(string(long)), false},
	} {
		got := f.lower(tt.in)
		if got.s != tt.want || got.wild != tt.wild {
			t.Errorf("lower(%q) = %q/%t, want %q/%t", tt.in, got.s, got.wild, tt.want, tt.wild)
		}
	}
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// The folder lowers exactly as strings.ToLower and spots every wildcard.
func FuzzFolderLower(f *testing.F) {
	f.Add("WWW.Example.COM/API/*?x")
	f.Add("ÉCOLE")
	f.Add("AZaz@[`{")
	f.Fuzz(func(t *testing.T, s string) {
		var fo folder
		fo.n = len(s) % 64 // vary the buffer position
		got := fo.lower(s)
		if want := strings.ToLower(s); got.s != want {
			t.Fatalf("lower(%q) = %q, want %q", s, got.s, want)
		}
		if want := strings.ContainsAny(got.s, "*?"); got.wild != want {
			t.Fatalf("lower(%q).wild = %t, want %t", s, got.wild, want)
		}
	})
}
