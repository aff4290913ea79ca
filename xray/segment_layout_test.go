package xray

import (
	"testing"
	"unsafe"
)

// TestSegmentLayout pins the size of the allocations behind entities: a
// subsegment is one Segment (the 384-byte size class), a root begun by
// BeginSegment one rootWithIDs (704), rootAlloc (640) or, unsampled,
// unsampledRoot (640), each with the root's own copy of the Config (144
// bytes), and a traced server request one httpServerCall (1024). Adding a
// field
// to Segment must keep it within its class: the unexported bookkeeping
// fields fill the alignment gaps between the exported ones.
func TestSegmentLayout(t *testing.T) {
	if n := unsafe.Sizeof(Segment{}); n > 384 {
		t.Errorf("Segment is %d bytes, want at most 384", n)
	}
	if n := unsafe.Sizeof(rootAlloc{}); n > 640-8 {
		t.Errorf("rootAlloc is %d bytes, want at most 632 (+ its 8-byte header: 640)", n)
	}
	if n := unsafe.Sizeof(unsampledRoot{}); n > 640-8 {
		t.Errorf("unsampledRoot is %d bytes, want at most 632 (+ its 8-byte header: 640)", n)
	}
	if n := unsafe.Sizeof(rootWithIDs{}); n > 704-8 {
		t.Errorf("rootWithIDs is %d bytes, want at most 696 (+ its 8-byte header: 704)", n)
	}
	// Objects over 512 bytes that hold pointers carry an 8-byte
	// allocation header within their size class.
	if n := unsafe.Sizeof(httpServerCall{}); n > 1024-8 {
		t.Errorf("httpServerCall is %d bytes, want at most 1016 (+ its 8-byte header: 1024)", n)
	}
}
