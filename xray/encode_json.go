package xray

import (
	"encoding/binary"
	"math"
	"strconv"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// encoder appends JSON to buf. Its output is byte for byte what
// encoding/json produces for the same values (HTML-safe escaping, invalid
// UTF-8 replaced, shortest floats), except that with maxStr > 0 strings
// longer than maxStr bytes are cut and marked.
type encoder struct {
	buf []byte
	// maxStr > 0 truncates longer strings (and fallback-encoded values)
	// to about that many bytes.
	maxStr int
	// truncated reports that some string was cut.
	truncated bool
	// bare leaves out everything users can make arbitrarily large
	// (annotations, metadata, cause, sql, precursor ids and the aws map
	// beyond aws.xray) and marks the document so: the last resort for a
	// document that does not fit into a datagram even with cut strings.
	bare bool
	// valueErrors counts annotation/metadata values replaced by an error
	// text because they could not be encoded.
	valueErrors int
}

// truncationMarker ends every string the encoder cut to make a document
// fit into one datagram.
const truncationMarker = "...[truncated by the X-Ray SDK]"

const maxPooledBuffer = 1 << 20

var encoderPool = sync.Pool{New: func() interface{} { return &encoder{buf: make([]byte, 0, 4096)} }}

func getEncoder() *encoder { return encoderPool.Get().(*encoder) }

func putEncoder(e *encoder) {
	if cap(e.buf) > maxPooledBuffer {
		return
	}
	e.buf = e.buf[:0]
	e.maxStr = 0
	e.bare = false
	e.truncated = false
	e.valueErrors = 0
	encoderPool.Put(e)
}

// htmlSafe[c] reports whether byte c is written as itself: printable
// ASCII other than the five characters encoding/json escapes. Bytes of
// multi-byte UTF-8 sequences are not (they take the slow path).
var htmlSafe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

// safePrefix returns the length of the longest prefix of s made of bytes
// written as themselves (htmlSafe), eight bytes at a time.
func safePrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if !safeWord(binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:]), 8))) {
			break
		}
	}
	for i < len(s) && htmlSafe[s[i]] {
		i++
	}
	return i
}

// SWAR constants: a byte value repeated in all eight bytes of a word.
const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// safeWord reports whether all eight bytes of w are htmlSafe: none is
// below 0x20 or above 0x7f, and none is '"', '\\', '<', '>' or '&'. The
// pairs '<' '>' (0x3c 0x3e) and '"' '&' (0x22 0x26) differ in one bit
// each, so setting that bit turns each pair into one value to look for.
// Every test is exact as long as no byte is above 0x7f, and a byte above
// 0x7f makes the result false anyway.
func safeWord(w uint64) bool {
	bad := w & swarHigh
	bad |= (w - swarOnes*0x20) &^ w & swarHigh
	x := w ^ (swarOnes * '\\')
	bad |= (x - swarOnes) &^ x & swarHigh
	x = (w | swarOnes*0x02) ^ (swarOnes * '>')
	bad |= (x - swarOnes) &^ x & swarHigh
	x = (w | swarOnes*0x04) ^ (swarOnes * '&')
	bad |= (x - swarOnes) &^ x & swarHigh
	return bad == 0
}

// appendString appends s as a JSON string.
func (e *encoder) appendString(b []byte, s string) []byte {
	if e.maxStr > 0 && len(s) > e.maxStr {
		cut := e.maxStr
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		e.truncated = true
		b = appendQuoted(b, s[:cut], false)
		b = append(b, truncationMarker...)
		return append(b, '"')
	}
	return appendQuoted(b, s, true)
}

// appendQuoted appends s escaped like encoding/json, with the closing quote
// when closed is true.
func appendQuoted(b []byte, s string, closed bool) []byte {
	b = append(b, '"')
	// Fast path: most strings need no escaping at all.
	i := safePrefix(s)
	if i == len(s) {
		b = append(b, s...)
		if closed {
			b = append(b, '"')
		}
		return b
	}
	start := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if htmlSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	if closed {
		b = append(b, '"')
	}
	return b
}

// appendFloat appends f as encoding/json would for a float of bits bits.
// NaN and infinities are not representable; the caller checks first.
func appendFloat(b []byte, f float64, bits int) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// Turn e-09 into e-9, as encoding/json does.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendKey appends ,"key": (without the comma when first).
func appendKey(b []byte, key string, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}
