package xray

import (
	"encoding/binary"
	"math/rand/v2"
	"sync"
	"time"
	"unsafe"
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
//
// Ids are cut from blocks of idsPerBlock ids generated together in one
// string, so that an id costs a fraction of an allocation. Blocks are
// handed out through a sync.Pool: each goroutine takes ids from a block
// no other goroutine holds at that moment.
func NewSegmentID() string {
	b := idBlocks.Get().(*idBlock)
	if b.next >= len(b.ids) {
		b.refill()
	}
	id := b.ids[b.next : b.next+16]
	b.next += 16
	idBlocks.Put(b)
	return id
}

// idsPerBlock is how many segment ids are generated at once. An id kept
// alive keeps its block (idsPerBlock*16 bytes) alive with it.
const idsPerBlock = 16

// idBlock is a string of idsPerBlock segment ids; next is the offset of
// the first one not handed out yet.
type idBlock struct {
	ids  string
	next int
}

var idBlocks = sync.Pool{New: func() interface{} { return new(idBlock) }}

func (b *idBlock) refill() {
	var hex [idsPerBlock * 16]byte
	var r [idsPerBlock * 8]byte
	fillRandom(r[:])
	putHex(hex[:], r[:])
	b.ids, b.next = string(hex[:]), 0
}

// rootIDsLen is the length of a trace id and a segment id together.
const rootIDsLen = 35 + 16

// newRootIDs returns a new trace id and segment id carved out of one
// string. With buf (rootIDsLen bytes, never written again afterwards) the
// string's bytes live in buf, which the caller allocated with the segment;
// with a nil buf they take one allocation.
func newRootIDs(buf []byte, unixSeconds int64) (traceID, id string) {
	var s string
	if len(buf) >= rootIDsLen {
		putRootIDs(buf[:rootIDsLen], unixSeconds)
		s = unsafe.String(&buf[0], rootIDsLen)
	} else {
		var local [rootIDsLen]byte
		putRootIDs(local[:], unixSeconds)
		s = string(local[:])
	}
	return s[:35], s[35:]
}

// putRootIDs writes a new trace id and segment id into b (rootIDsLen
// bytes).
func putRootIDs(b []byte, unixSeconds int64) {
	var r [24]byte
	fillRandom(r[:])
	putTraceID(b[:35], unixSeconds, r[:12])
	putHex(b[35:], r[16:24])
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
