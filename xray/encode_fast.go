package xray

import (
	"math"
	"math/bits"
)

// A fast path of the encoder for the values every document carries twice:
// times (epoch seconds). It produces exactly the bytes of the general path;
// tests compare them over many values.

// pow10u64[k] is 10^k.
var pow10u64 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// appendEpochSeconds appends t, a float64 in [2^30, 2^33) (the epoch
// seconds of the years 2004 to 2242), as strconv.AppendFloat(b, t, 'f',
// -1, 64) does: the shortest decimal that reads back as t, the closest to
// t among the shortest. ok is false (and b unchanged) for other values and
// for the rare cases this path leaves to strconv (t a power of two, a
// candidate exactly halfway).
func appendEpochSeconds(b []byte, t float64) (out []byte, ok bool) {
	if !(t >= 1<<30 && t < 1<<33) {
		return b, false
	}
	fb := math.Float64bits(t)
	m := fb&(1<<52-1) | 1<<52    // t = m / 2^q
	q := uint(1075 - (fb >> 52)) // 52 - unbiased exponent: 20, 21 or 22
	if m == 1<<52 {
		return b, false // the interval below a power of two is narrower
	}
	mask := uint64(1)<<q - 1
	half := uint64(1) << (q - 1)
	// A decimal with j < k digits is one with k digits too, so when none
	// with 5 digits reads back as t, none with fewer does: start at 6.
	// That is the usual case; times rarely have 5 digits or fewer.
	k := 6
	if _, found, tie := epochCandidate(m, q, mask, half, 5); tie {
		return b, false
	} else if found {
		k = 0
	}
	for ; k < len(pow10u64); k++ {
		d, found, tie := epochCandidate(m, q, mask, half, k)
		if tie {
			return b, false
		}
		if found {
			return appendFixed(b, d, k), true
		}
	}
	return b, false
}

// epochCandidate returns d, m/2^q*10^k rounded to the nearest integer, and
// whether d/10^k reads back as m/2^q: it lies within half an ulp (2^-q) of
// it, inclusively for an even m (round half to even). tie reports a value
// exactly halfway between two integers, left to strconv.
func epochCandidate(m uint64, q uint, mask, half uint64, k int) (d uint64, found, tie bool) {
	p := pow10u64[k]
	hi, lo := bits.Mul64(m, p)
	rem := lo & mask
	delta := rem
	if rem > half {
		delta = mask + 1 - rem
	} else if rem == half {
		return 0, false, true
	}
	// |d/10^k - m/2^q| = delta/(2^q*10^k), within 1/2^(q+1) when
	// 2*delta < 10^k.
	if in := 2 * delta; in < p || in == p && m&1 == 0 {
		d = hi<<(64-q) | lo>>q
		if rem > half {
			d++
		}
		return d, true, false
	}
	return 0, false, false
}

// appendFixed appends d/10^k with exactly k decimals (none, and no point,
// for k == 0).
func appendFixed(b []byte, d uint64, k int) []byte {
	var buf [24]byte
	i := len(buf)
	// Eight digits at a time in 32-bit arithmetic, then the rest.
	for d >= 1e8 {
		q := d / 1e8
		i = putDigits8(&buf, i, uint32(d-q*1e8))
		d = q
	}
	for v := uint32(d); ; {
		if v < 10 {
			i--
			buf[i] = byte('0' + v)
			break
		}
		q := v / 100
		r := v - q*100
		i -= 2
		buf[i], buf[i+1] = digitPairs[2*r], digitPairs[2*r+1]
		if q == 0 {
			if r < 10 {
				i++ // no leading zero
			}
			break
		}
		v = q
	}
	digits := buf[i:]
	if k == 0 {
		return append(b, digits...)
	}
	for len(digits) <= k {
		// d < 10^k: a leading "0." and zeros (not for epoch times).
		i--
		buf[i] = '0'
		digits = buf[i:]
	}
	n := len(digits) - k
	b = append(b, digits[:n]...)
	b = append(b, '.')
	return append(b, digits[n:]...)
}

// putDigits8 writes v (< 10^8) as exactly eight digits ending before
// buf[i] and returns the index of the first.
func putDigits8(buf *[24]byte, i int, v uint32) int {
	for j := 0; j < 4; j++ {
		q := v / 100
		r := v - q*100
		i -= 2
		buf[i], buf[i+1] = digitPairs[2*r], digitPairs[2*r+1]
		v = q
	}
	return i
}

// digitPairs holds "00" to "99".
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"
