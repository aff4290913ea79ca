package sampling

import (
	"encoding/binary"
	"strings"
	"unsafe"

	"github.com/aws/aws-xray-sdk-go/pattern"
)

// Rule patterns are compiled once, when a rule set is built, and request
// values are lower-cased once per decision, so a decision neither allocates
// nor folds case in the matcher's inner loop. The results are exactly those
// of pattern.WildcardMatchCaseInsensitive, which by definition matches the
// lower-cased pattern against the lower-cased text:
//
//   - For text without '*' or '?' the matcher's quirk (a wildcard in the text
//     is consumed literally) cannot occur, so the common pattern shapes
//     reduce to string comparisons: "lit", "*lit", "lit*", "*lit*".
//   - Everything else goes to pattern.WildcardMatch on the lower-cased
//     strings.

// matchKind is the shape of a compiled pattern.
type matchKind uint8

const (
	matchGlob     matchKind = iota // general pattern: pattern.WildcardMatch
	matchAny                       // "*"
	matchExact                     // no wildcard
	matchPrefix                    // lit*
	matchSuffix                    // *lit
	matchContains                  // *lit*
)

// matcher is a compiled, lower-cased rule pattern.
type matcher struct {
	kind matchKind
	lit  string // the literal of the non-glob shapes
	pat  string // the whole lower-cased pattern
}

func compileMatcher(p string) matcher {
	p = strings.ToLower(p)
	m := matcher{kind: matchGlob, pat: p}
	inner, star0, star1 := p, false, false
	if strings.HasPrefix(inner, "*") {
		inner, star0 = inner[1:], true
	}
	if strings.HasSuffix(inner, "*") {
		inner, star1 = inner[:len(inner)-1], true
	}
	switch {
	case p == "*":
		m.kind = matchAny
	case strings.ContainsAny(inner, "*?"):
		// general glob
	case star0 && star1:
		m.kind, m.lit = matchContains, inner
	case star0:
		m.kind, m.lit = matchSuffix, inner
	case star1:
		m.kind, m.lit = matchPrefix, inner
	default:
		m.kind, m.lit = matchExact, inner
	}
	return m
}

// value is a lower-cased request value; wild tells whether it holds a '*'
// or '?' (which the general matcher treats specially).
type value struct {
	s    string
	wild bool
}

// matches reports whether the request value is empty or matches m.
func (m *matcher) matches(v value) bool {
	if v.s == "" || m.kind == matchAny {
		return true
	}
	if !v.wild {
		switch m.kind {
		case matchExact:
			return v.s == m.lit
		case matchPrefix:
			return strings.HasPrefix(v.s, m.lit)
		case matchSuffix:
			return strings.HasSuffix(v.s, m.lit)
		case matchContains:
			return strings.Contains(v.s, m.lit)
		}
	}
	return pattern.WildcardMatch(m.pat, v.s, false)
}

// folder lower-cases request values for one decision. Upper-case ASCII values
// are lowered into buf, which lives on the caller's stack; other values are
// handed to strings.ToLower, which returns lower-case ASCII unchanged.
type folder struct {
	buf [256]byte
	n   int
}

// lower returns strings.ToLower(s). The result may point into f and must not
// outlive it. ASCII is scanned and lowered eight bytes at a time; the last
// word of a string overlaps the one before it instead of going byte by byte.
func (f *folder) lower(s string) value {
	n := len(s)
	var high, upper uint64
	wild := false
	scan := func(x uint64) {
		high |= x
		upper |= upperBytes(x)
		wild = wild || hasByte(x, '*') || hasByte(x, '?')
	}
	if n >= 8 {
		for i := 0; i < n-8; i += 8 {
			scan(load64(s, i))
		}
		scan(load64(s, n-8))
	} else {
		var x uint64 // zero padding is neither upper-case, wild nor high
		for i := n - 1; i >= 0; i-- {
			x = x<<8 | uint64(s[i])
		}
		scan(x)
	}
	switch {
	case high&swarHigh != 0:
		return lowerUnicode(s)
	case upper == 0:
		return value{s: s, wild: wild}
	case n > len(f.buf)-f.n:
		return value{s: strings.ToLower(s), wild: wild}
	}
	b := f.buf[f.n : f.n+n]
	if n >= 8 {
		for i := 0; i < n-8; i += 8 {
			x := load64(s, i)
			binary.LittleEndian.PutUint64(b[i:], x|upperBytes(x)>>2) // 'A'|0x20 == 'a'
		}
		x := load64(s, n-8)
		binary.LittleEndian.PutUint64(b[n-8:], x|upperBytes(x)>>2)
	} else {
		for i := 0; i < n; i++ {
			c := s[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
	}
	f.n += n
	return value{s: unsafe.String(&b[0], n), wild: wild}
}

func lowerUnicode(s string) value {
	l := strings.ToLower(s)
	return value{s: l, wild: strings.ContainsAny(l, "*?")}
}

// Word-at-a-time helpers on eight ASCII bytes (no byte has its high bit
// set, so no addition below carries into the next byte).
const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// load64 reads s[i:i+8] as a little-endian word.
func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// upperBytes returns 0x80 in each byte of x that is in 'A'..'Z', 0 elsewhere.
func upperBytes(x uint64) uint64 {
	geA := x + (0x80-'A')*swarOnes   // high bit set where byte >= 'A'
	gtZ := x + (0x80-'Z'-1)*swarOnes // high bit set where byte > 'Z'
	return geA &^ gtZ & swarHigh
}

// hasByte reports whether some byte of x equals c.
func hasByte(x uint64, c byte) bool {
	v := x ^ (uint64(c) * swarOnes)
	return (v-swarOnes)&^v&swarHigh != 0
}
