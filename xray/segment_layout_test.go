package xray

import (
	"testing"
	"unsafe"
)

// TestSegmentLayout pins the size of the allocations behind entities: a
// subsegment is one Segment (the 384-byte size class), a root begun by
// BeginSegment one rootWithIDs (576), rootAlloc (512) or, unsampled,
// unsampledRoot (448). Adding a field
// to Segment must keep it within its class: the unexported bookkeeping
// fields fill the alignment gaps between the exported ones.
func TestSegmentLayout(t *testing.T) {
	if n := unsafe.Sizeof(Segment{}); n > 384 {
		t.Errorf("Segment is %d bytes, want at most 384", n)
	}
	if n := unsafe.Sizeof(rootAlloc{}); n > 512 {
		t.Errorf("rootAlloc is %d bytes, want at most 512", n)
	}
	if n := unsafe.Sizeof(unsampledRoot{}); n > 448 {
		t.Errorf("unsampledRoot is %d bytes, want at most 448", n)
	}
	if n := unsafe.Sizeof(rootWithIDs{}); n > 576 {
		t.Errorf("rootWithIDs is %d bytes, want at most 576", n)
	}
}
