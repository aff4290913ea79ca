package w3c

import "testing"

// FuzzParse checks that Parse never panics and that what it accepts
// converts back losslessly: Format gives the version 00 form of the input
// (its ids as they were, the flags reduced to the sampled bit), and that
// form parses to the same ids again.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		validTP,
		"00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00",
		"cc-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-ff-extra",
		"ff-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
		"00-00000000000000000000000000000000-0000000000000000-01",
		"00-5759E988BD862E3FE1BE46A994272793-53995c3f42cd8ad8-01",
		"",
		"00-",
		"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tp string) {
		traceID, parentID, sampled, ok := Parse(tp)
		if ok != Valid(tp) {
			t.Fatalf("Parse and Valid disagree on %q", tp)
		}
		if !ok {
			if traceID != "" || parentID != "" || sampled {
				t.Fatalf("rejected %q but returned %q, %q, %v", tp, traceID, parentID, sampled)
			}
			return
		}
		out, ok := Format(traceID, parentID, sampled)
		if !ok {
			t.Fatalf("Parse(%q) gave ids Format rejects: %q, %q", tp, traceID, parentID)
		}
		flags := "00"
		if sampled {
			flags = "01"
		}
		if want := "00-" + tp[traceIDAt:flagsAt] + flags; out != want {
			t.Fatalf("round trip of %q gave %q, want %q", tp, out, want)
		}
		t2, p2, s2, ok2 := Parse(out)
		if !ok2 || t2 != traceID || p2 != parentID || s2 != sampled {
			t.Fatalf("Parse(Format(...)) of %q = %q, %q, %v, %v", tp, t2, p2, s2, ok2)
		}
	})
}

// FuzzFormat checks that Format never panics, accepts exactly the ids
// ValidTraceID and ValidSpanID accept, and that Parse gives back the ids
// and decision it was given.
func FuzzFormat(f *testing.F) {
	f.Add(validXRay, validSpan, true)
	f.Add("1-00000000-000000000000000000000000", "0000000000000000", false)
	f.Add("1-00000000-000000000000000000000001", "0000000000000001", false)
	f.Add("1-5759E988-bd862e3fe1be46a994272793", validSpan, true)
	f.Add("", "", true)
	f.Fuzz(func(t *testing.T, traceID, spanID string, sampled bool) {
		out, ok := Format(traceID, spanID, sampled)
		if ok != (ValidTraceID(traceID) && ValidSpanID(spanID)) {
			t.Fatalf("Format(%q, %q) ok = %v disagrees with the validators", traceID, spanID, ok)
		}
		if !ok {
			if out != "" {
				t.Fatalf("rejected ids gave %q", out)
			}
			return
		}
		if len(out) != Len {
			t.Fatalf("Format gave %q (%d bytes)", out, len(out))
		}
		t2, p2, s2, ok2 := Parse(out)
		if !ok2 || t2 != traceID || p2 != spanID || s2 != sampled {
			t.Fatalf("Parse(%q) = %q, %q, %v, %v; want %q, %q, %v", out, t2, p2, s2, ok2, traceID, spanID, sampled)
		}
	})
}
