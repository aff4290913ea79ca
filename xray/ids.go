package xray

import (
	"encoding/binary"
	"math/rand/v2"
	"time"
)

// Ids come from the runtime's ChaCha8 generator (math/rand/v2's global
// source): a cryptographically strong stream, seeded from the operating
// system's entropy, per thread, and several times cheaper than a
// crypto/rand call per id. Ids need to be unique and unpredictable, not
// secret.

const hexDigits = "0123456789abcdef"

// NewTraceID returns a new trace id: "1-", the current Unix time in 8 hex
// digits, "-", and 24 random hex digits.
func NewTraceID() string {
	var b [35]byte
	var r [16]byte
	fillRandom(r[:])
	putTraceID(b[:], time.Now().Unix(), r[:12])
	return string(b[:])
}

// NewSegmentID returns a new segment id: 16 random hex digits.
func NewSegmentID() string {
	var b [16]byte
	var r [8]byte
	fillRandom(r[:])
	putHex(b[:], r[:])
	return string(b[:])
}

// newRootIDs returns a new trace id and segment id carved out of one string
// (one allocation for both).
func newRootIDs(unixSeconds int64) (traceID, id string) {
	var b [35 + 16]byte
	var r [24]byte
	fillRandom(r[:])
	putTraceID(b[:35], unixSeconds, r[:12])
	putHex(b[35:], r[16:24])
	s := string(b[:])
	return s[:35], s[35:]
}

// fillRandom fills b (a multiple of 8 bytes long) with random bytes.
func fillRandom(b []byte) {
	for i := 0; i+8 <= len(b); i += 8 {
		binary.LittleEndian.PutUint64(b[i:], rand.Uint64())
	}
}

func putTraceID(dst []byte, unixSeconds int64, random []byte) {
	dst[0], dst[1] = '1', '-'
	t := uint32(unixSeconds)
	for i := 9; i >= 2; i-- {
		dst[i] = hexDigits[t&0xf]
		t >>= 4
	}
	dst[10] = '-'
	putHex(dst[11:35], random)
}

func putHex(dst, src []byte) {
	for i, c := range src {
		dst[2*i] = hexDigits[c>>4]
		dst[2*i+1] = hexDigits[c&0xf]
	}
}
