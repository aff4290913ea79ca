package header

import (
	"maps"
	"testing"
)

func TestFromString(t *testing.T) {
	tests := []struct {
		in       string
		trace    string
		parent   string
		decision SamplingDecision
		extra    map[string]string
	}{
		{in: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
			trace: "1-5759e988-bd862e3fe1be46a994272793", parent: "53995c3f42cd8ad8", decision: Sampled},
		{in: "Sampled=?; Root=abc; Parent=foo; Self=2; Foo=bar",
			trace: "abc", parent: "foo", decision: Requested, extra: map[string]string{"Foo": "bar"}},
		{in: "root=abc;x=y=z;noequals", extra: map[string]string{"root": "abc", "x": "y=z"}},
		{in: "Sampled=1;Sampled=true", decision: Unknown},
		{in: ""},
		{in: "Sampled=0", decision: NotSampled},
		{in: "Root=a;Root=b", trace: "b"},
		{in: "Root=fakeid", trace: "fakeid"},
		{in: " \t Root=a \t ;  Parent=p\n", trace: "a", parent: "p"},
		{in: ";;;", decision: Unknown},
		{in: "Sampled=1 ", decision: Sampled},
		{in: "Sampled=10", decision: Unknown},
		{in: "sampled=1", extra: map[string]string{"sampled": "1"}},
		{in: "Self=1-abc", decision: Unknown},
		{in: "=v;k=", extra: map[string]string{"": "v", "k": ""}},
		{in: "Root=", trace: ""},
		{in: "Lineage=a87bd80c:1|68fd508a:5", extra: map[string]string{"Lineage": "a87bd80c:1|68fd508a:5"}},
	}
	for _, tc := range tests {
		h := FromString(tc.in)
		if h == nil {
			t.Fatalf("FromString(%q) = nil", tc.in)
		}
		if h.TraceID != tc.trace || h.ParentID != tc.parent || h.SamplingDecision != tc.decision {
			t.Errorf("FromString(%q) = {%q %q %q}, want {%q %q %q}", tc.in,
				h.TraceID, h.ParentID, h.SamplingDecision, tc.trace, tc.parent, tc.decision)
		}
		if h.AdditionalData == nil {
			t.Errorf("FromString(%q).AdditionalData is nil", tc.in)
		}
		want := tc.extra
		if want == nil {
			want = map[string]string{}
		}
		if !maps.Equal(h.AdditionalData, want) {
			t.Errorf("FromString(%q).AdditionalData = %v, want %v", tc.in, h.AdditionalData, want)
		}
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		name string
		h    Header
		want string
	}{
		{"sdk downstream", Header{TraceID: "1-5759e988-bd862e3fe1be46a994272793", ParentID: "53995c3f42cd8ad8", SamplingDecision: Sampled},
			"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"},
		{"not sampled", Header{TraceID: "t", ParentID: "p", SamplingDecision: NotSampled}, "Root=t;Parent=p;Sampled=0"},
		{"requested", Header{TraceID: "t", SamplingDecision: Requested}, "Root=t;Sampled=?"},
		// UPSTREAM QUIRK kept: the Unknown decision still takes an element.
		{"unknown with root", Header{TraceID: "abc"}, "Root=abc;"},
		{"unknown with root and parent", Header{TraceID: "abc", ParentID: "p"}, "Root=abc;Parent=p;"},
		{"unknown with extra", Header{TraceID: "t", AdditionalData: map[string]string{"A": "1"}}, "Root=t;;A=1"},
		{"only extra", Header{AdditionalData: map[string]string{"A": "1"}}, ";A=1"},
		{"empty", Header{}, ""},
		{"empty map", Header{AdditionalData: map[string]string{}}, ""},
		{"only decision", Header{SamplingDecision: Sampled}, "Sampled=1"},
		{"extra sorted", Header{TraceID: "t", SamplingDecision: Sampled,
			AdditionalData: map[string]string{"b": "2", "a": "1", "C": "3"}}, "Root=t;Sampled=1;C=3;a=1;b=2"},
		{"many extra", Header{SamplingDecision: Sampled, AdditionalData: map[string]string{
			"k9": "9", "k8": "8", "k7": "7", "k6": "6", "k5": "5", "k4": "4", "k3": "3", "k2": "2", "k1": "1", "k0": "0"}},
			"Sampled=1;k0=0;k1=1;k2=2;k3=3;k4=4;k5=5;k6=6;k7=7;k8=8;k9=9"},
	}
	for _, tc := range tests {
		if got := tc.h.String(); got != tc.want {
			t.Errorf("%s: String() = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestStringPointerAndValue(t *testing.T) {
	h := &Header{TraceID: "t", SamplingDecision: Sampled}
	if got := h.String(); got != "Root=t;Sampled=1" {
		t.Errorf("(*Header).String() = %q", got)
	}
}

func TestRoundTrip(t *testing.T) {
	in := "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Foo=bar"
	if got := FromString(in).String(); got != in {
		t.Errorf("round trip of %q = %q", in, got)
	}
	// Self is dropped and pairs come out sorted.
	if got := FromString("Self=1;Z=1;Root=r;Sampled=0;A=2").String(); got != "Root=r;Sampled=0;A=2;Z=1" {
		t.Errorf("normalised round trip = %q", got)
	}
}

func TestConstants(t *testing.T) {
	for got, want := range map[string]string{
		RootPrefix: "Root=", ParentPrefix: "Parent=", SampledPrefix: "Sampled=", SelfPrefix: "Self=",
		string(Sampled): "Sampled=1", string(NotSampled): "Sampled=0", string(Requested): "Sampled=?",
	} {
		if got != want {
			t.Errorf("constant %q, want %q", got, want)
		}
	}
	if Unknown != "" {
		t.Errorf("Unknown = %q", Unknown)
	}
}

func TestAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are not stable under -race")
	}
	in := "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
	if n := testing.AllocsPerRun(100, func() { _ = FromString(in) }); n > 2 {
		t.Errorf("FromString allocs = %v, want <= 2", n)
	}
	h := FromString(in)
	if n := testing.AllocsPerRun(100, func() { _ = h.String() }); n > 1 {
		t.Errorf("String allocs = %v, want <= 1", n)
	}
	h.AdditionalData["Foo"] = "bar"
	if n := testing.AllocsPerRun(100, func() { _ = h.String() }); n > 1 {
		t.Errorf("String with extra pair allocs = %v, want <= 1", n)
	}
}
