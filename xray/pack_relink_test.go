package xray

import (
	"context"
	"encoding/json"
	"testing"
	"unsafe"
)

// TestEmbeddedGrandchildrenShareTheirParentsJSON checks what users read in
// Subsegments after a tree was sent: every level decodes to its children,
// the childless grandchildren's entries point into their parent's JSON
// (kept once, not twice), and a later pack reusing the packer's scratch
// memory changes none of it.
func TestEmbeddedGrandchildrenShareTheirParentsJSON(t *testing.T) {
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: discardEmitter{}, SamplingStrategy: sampleAll{}})
	if err != nil {
		t.Fatal(err)
	}
	rootCtx, root := BeginSegment(ctx, "root")
	cCtx, c := BeginSubsegment(rootCtx, "c")
	_, g1 := BeginSubsegment(cCtx, "g1")
	g1.Close(nil)
	g3Ctx, g3 := BeginSubsegment(cCtx, "g3")
	_, h := BeginSubsegment(g3Ctx, "h")
	h.Close(nil)
	g3.Close(nil)
	_, g2 := BeginSubsegment(cCtx, "g2")
	g2.Close(nil)
	c.Close(nil)
	root.Close(nil)

	// Another tree of the same shape with other names, packed by the
	// pooled packer and its scratch memory.
	for i := 0; i < 3; i++ {
		oCtx, o := BeginSegment(ctx, "other")
		ocCtx, oc := BeginSubsegment(oCtx, "xxxxxxxx")
		for j := 0; j < 3; j++ {
			_, og := BeginSubsegment(ocCtx, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy")
			og.Close(nil)
		}
		oc.Close(nil)
		o.Close(nil)
	}

	names := func(raws []json.RawMessage) []string {
		t.Helper()
		var out []string
		for _, r := range raws {
			var e struct {
				Name string `json:"name"`
			}
			if err := json.Unmarshal(r, &e); err != nil {
				t.Fatalf("entry %q: %v", r, err)
			}
			out = append(out, e.Name)
		}
		return out
	}
	eq := func(what string, got []string, want ...string) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %v, want %v", what, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: %v, want %v", what, got, want)
			}
		}
	}
	eq("root", names(root.Subsegments), "c")
	eq("c", names(c.Subsegments), "g1", "g3", "g2")
	eq("g3", names(g3.Subsegments), "h")

	var tree struct {
		Subsegments []struct {
			Name        string `json:"name"`
			Subsegments []struct {
				Name string `json:"name"`
			} `json:"subsegments"`
		} `json:"subsegments"`
	}
	doc := []byte(`{"subsegments":[` + string(root.Subsegments[0]) + `]}`)
	if err := json.Unmarshal(doc, &tree); err != nil || len(tree.Subsegments) != 1 || len(tree.Subsegments[0].Subsegments) != 3 {
		t.Fatalf("root.Subsegments[0] = %s (%v)", root.Subsegments[0], err)
	}

	within := func(inner, outer []byte) bool {
		lo := uintptr(unsafe.Pointer(unsafe.SliceData(outer)))
		p := uintptr(unsafe.Pointer(unsafe.SliceData(inner)))
		return p >= lo && p+uintptr(len(inner)) <= lo+uintptr(len(outer))
	}
	for i, r := range c.Subsegments {
		if !within(r, root.Subsegments[0]) {
			t.Errorf("c.Subsegments[%d] is not inside root.Subsegments[0]", i)
		}
	}
}
