package exception

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// idBatch is how many random bytes one crypto/rand read fetches. Reading in
// batches makes an id cost a copy instead of a system call.
const idBatch = 512

// idSource hands out random bytes read from crypto/rand in batches. Each one
// is owned by a single goroutine between idPool.Get and idPool.Put.
type idSource struct {
	buf [idBatch]byte
	off int
}

var idPool = sync.Pool{New: func() any { return &idSource{off: idBatch} }}

// newExceptionID returns 16 lowercase hex digits from 8 bytes of crypto/rand.
func newExceptionID() string {
	src := idPool.Get().(*idSource)
	if src.off+8 > len(src.buf) {
		// crypto/rand.Read never fails: on a broken system it crashes the
		// program itself.
		_, _ = rand.Read(src.buf[:])
		src.off = 0
	}
	var id [16]byte
	hex.Encode(id[:], src.buf[src.off:src.off+8])
	clear(src.buf[src.off : src.off+8]) // a handed-out id is not kept around
	src.off += 8
	idPool.Put(src)
	return string(id[:])
}
