package pattern

import (
	"strings"
	"testing"
)

// refMatch is a plain glob over bytes ('*' any run, '?' one byte), by
// dynamic programming over (pattern prefix, text prefix). It has no
// literal-first quirk.
func refMatch(pattern, text string) bool {
	// prev[j]: pattern[:i] matches text[:j].
	prev := make([]bool, len(text)+1)
	cur := make([]bool, len(text)+1)
	prev[0] = true
	for i := 1; i <= len(pattern); i++ {
		pc := pattern[i-1]
		cur[0] = prev[0] && pc == '*'
		for j := 1; j <= len(text); j++ {
			switch pc {
			case '*':
				cur[j] = prev[j] || cur[j-1]
			case '?':
				cur[j] = prev[j-1]
			default:
				cur[j] = prev[j-1] && pc == text[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(text)]
}

// FuzzWildcardMatch compares the matcher with refMatch. For text without
// '*' or '?' the two must agree. With wildcard bytes in the text the
// upstream quirk may turn a match into a miss, but never the reverse: every
// literal use of '*' or '?' is also a valid glob use.
func FuzzWildcardMatch(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""}, {"*", ""}, {"a*na*ha", "anananahahanahana"}, {"*b", "*xb"}, {"x*", "x*yz"},
		{"?b", "?xb"}, {"*/foo", "/bar/foo"}, {"a*", "A"}, {"??", "é"}, {"*.Example.com", "WWW.example.COM"},
		{"K", "\u212a"}, {"???", "\xff"}, {"a*b?c**", "aXXb?cYY"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, text string) {
		if len(pattern) > 512 || len(text) > 512 {
			t.Skip("too large for the reference")
		}
		for _, fold := range []bool{false, true} {
			got := WildcardMatch(pattern, text, fold)
			p, s := pattern, text
			if fold {
				p, s = strings.ToLower(p), strings.ToLower(s)
			}
			want := refMatch(p, s) || p == "*" || pattern == "*"
			if !strings.ContainsAny(s, "*?") {
				if got != want {
					t.Fatalf("WildcardMatch(%q, %q, %v) = %v, reference %v", pattern, text, fold, got, want)
				}
			} else if got && !want {
				t.Fatalf("WildcardMatch(%q, %q, %v) matched where a plain glob does not", pattern, text, fold)
			}
		}
		if WildcardMatchCaseInsensitive(pattern, text) != WildcardMatch(pattern, text, true) {
			t.Fatalf("WildcardMatchCaseInsensitive(%q, %q) differs from WildcardMatch(..., true)", pattern, text)
		}
	})
}
