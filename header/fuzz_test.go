package header

import (
	"maps"
	"testing"
)

// FuzzFromString checks that parsing never panics and that
// parse → String → parse is stable: the second parse gives the same header
// and printing it again gives the same text.
func FuzzFromString(f *testing.F) {
	for _, s := range []string{
		"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
		"Sampled=?; Root=abc; Parent=foo; Self=2; Foo=bar",
		"root=abc;x=y=z;noequals",
		"Sampled=1;Sampled=true",
		"",
		";;=;==;Root=;Parent=",
		" \t\u00a0Root=\u0085x\u2028; k = v ",
		"\xff=\xfe;Root=\xc3",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h1 := FromString(s)
		if h1 == nil || h1.AdditionalData == nil {
			t.Fatalf("FromString(%q) returned nil or a nil map", s)
		}
		out1 := h1.String()
		h2 := FromString(out1)
		if h1.TraceID != h2.TraceID || h1.ParentID != h2.ParentID ||
			h1.SamplingDecision != h2.SamplingDecision || !maps.Equal(h1.AdditionalData, h2.AdditionalData) {
			t.Fatalf("round trip changed the header\n in: %q\nout: %q\n h1: %#v\n h2: %#v", s, out1, *h1, *h2)
		}
		if out2 := h2.String(); out2 != out1 {
			t.Fatalf("String not stable: %q then %q", out1, out2)
		}
	})
}
