// Package pattern matches text against the glob patterns of X-Ray sampling
// rules and segment namers: '*' stands for any run of bytes (including none)
// and '?' for exactly one byte.
package pattern

import "strings"

// WildcardMatchCaseInsensitive is WildcardMatch(pattern, text, true).
func WildcardMatchCaseInsensitive(pattern, text string) bool {
	return WildcardMatch(pattern, text, true)
}

// WildcardMatch reports whether text matches pattern. The empty pattern
// matches only the empty text and "*" matches everything. With
// caseInsensitive both strings are compared as strings.ToLower gives them.
//
// Matching works on bytes, as in the upstream SDK, so '?' matches one byte
// of a multi-byte character (it takes "??" to match "é"). Also as upstream,
// a pattern byte that equals the text byte is consumed literally before any
// wildcard meaning is tried: a '*' or '?' in the text at the position of the
// same wildcard in the pattern matches only itself (pattern "*b" does not
// match text "*xb"). Sampling rules rely on the results staying the same.
func WildcardMatch(pattern, text string, caseInsensitive bool) bool {
	if pattern == "*" {
		return true
	}
	if caseInsensitive {
		if !isASCII(pattern) || !isASCII(text) {
			return match(strings.ToLower(pattern), strings.ToLower(text), false)
		}
		return match(pattern, text, true)
	}
	return match(pattern, text, false)
}

// match runs the glob with backtracking to the most recent '*'. With fold,
// both strings are ASCII and compared ignoring ASCII case, which is what
// strings.ToLower does to ASCII text, without building new strings.
func match(pattern, text string, fold bool) bool {
	p, t := 0, 0
	star, starText := -1, 0
	for t < len(text) {
		if p < len(pattern) {
			pc, tc := pattern[p], text[t]
			if fold {
				pc, tc = lower(pc), lower(tc)
			}
			switch {
			case pc == tc, pc == '?':
				p++
				t++
				continue
			case pc == '*':
				star, starText = p, t
				p++
				continue
			}
		}
		if star < 0 {
			return false
		}
		starText++
		p, t = star+1, starText
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
