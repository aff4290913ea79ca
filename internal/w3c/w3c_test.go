package w3c

import (
	"strings"
	"testing"
)

const (
	validTP   = "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01"
	validXRay = "1-5759e988-bd862e3fe1be46a994272793"
	validSpan = "53995c3f42cd8ad8"
)

func TestParseValid(t *testing.T) {
	cases := []struct {
		tp       string
		traceID  string
		parentID string
		sampled  bool
	}{
		{validTP, validXRay, validSpan, true},
		{"00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00", validXRay, validSpan, false},
		// Only bit 0 of the flags is read.
		{"00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-02", validXRay, validSpan, false},
		{"00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-ff", validXRay, validSpan, true},
		{"00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-0b", validXRay, validSpan, true},
		// A first half that is no plausible time is kept as it is.
		{"00-00000000000000000000000000000001-0000000000000001-01", "1-00000000-000000000000000000000001", "0000000000000001", true},
		{"00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01", "1-ffffffff-ffffffffffffffffffffffff", "ffffffffffffffff", true},
		{"00-00000001000000000000000000000000-0000000000000001-00", "1-00000001-000000000000000000000000", "0000000000000001", false},
		// Later versions: the version 00 fields are read, more fields after
		// a dash are ignored.
		{"01-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01", validXRay, validSpan, true},
		{"cc-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01-what-ever", validXRay, validSpan, true},
		{"fe-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00-", validXRay, validSpan, false},
	}
	for _, c := range cases {
		traceID, parentID, sampled, ok := Parse(c.tp)
		if !ok || traceID != c.traceID || parentID != c.parentID || sampled != c.sampled {
			t.Errorf("Parse(%q) = %q, %q, %v, %v; want %q, %q, %v, true", c.tp, traceID, parentID, sampled, ok, c.traceID, c.parentID, c.sampled)
		}
		if !Valid(c.tp) {
			t.Errorf("Valid(%q) = false", c.tp)
		}
	}
}

func TestParseInvalid(t *testing.T) {
	cases := map[string]string{
		"empty":                  "",
		"version ff":             "ff-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
		"version upper case":     "0A-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
		"version not hex":        "0g-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
		"version 00 too long":    validTP + "-",
		"version 00 trailing":    validTP + "x",
		"later version no dash":  "01-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01x",
		"too short":              validTP[:54],
		"trace id short":         "00-5759e988bd862e3fe1be46a99427279-53995c3f42cd8ad8-01",
		"trace id long":          "00-5759e988bd862e3fe1be46a9942727930-53995c3f42cd8ad8-01",
		"parent id short":        "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad-001",
		"parent id long":         "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad80-1",
		"trace id all zeros":     "00-00000000000000000000000000000000-53995c3f42cd8ad8-01",
		"parent id all zeros":    "00-5759e988bd862e3fe1be46a994272793-0000000000000000-01",
		"trace id upper case":    "00-5759E988BD862E3FE1BE46A994272793-53995c3f42cd8ad8-01",
		"parent id upper case":   "00-5759e988bd862e3fe1be46a994272793-53995C3F42CD8AD8-01",
		"flags upper case":       "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-0B",
		"trace id not hex":       "00-5759e988bd862e3fe1be46a99427279z-53995c3f42cd8ad8-01",
		"parent id not hex":      "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8adz-01",
		"flags not hex":          "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-0x",
		"underscores for dashes": "00_5759e988bd862e3fe1be46a994272793_53995c3f42cd8ad8_01",
		"leading space":          " " + validTP[:54],
		"two values joined":      validTP + "," + validTP,
		"x-ray header":           "Root=" + validXRay + ";Parent=" + validSpan + ";Sampled=1",
		"non-ascii":              "00-5759e988bd862e3fe1be46a99427279é-53995c3f42cd8ad8-01",
		"signed hex":             "00-+759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
	}
	for name, tp := range cases {
		if traceID, parentID, sampled, ok := Parse(tp); ok || traceID != "" || parentID != "" || sampled {
			t.Errorf("%s: Parse(%q) = %q, %q, %v, %v; want invalid", name, tp, traceID, parentID, sampled, ok)
		}
		if Valid(tp) {
			t.Errorf("%s: Valid(%q) = true", name, tp)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		traceID, spanID string
		sampled         bool
		want            string
	}{
		{validXRay, validSpan, true, validTP},
		{validXRay, validSpan, false, "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00"},
		{"1-00000000-000000000000000000000001", "0000000000000001", true, "00-00000000000000000000000000000001-0000000000000001-01"},
	}
	for _, c := range cases {
		got, ok := Format(c.traceID, c.spanID, c.sampled)
		if !ok || got != c.want {
			t.Errorf("Format(%q, %q, %v) = %q, %v; want %q", c.traceID, c.spanID, c.sampled, got, ok, c.want)
		}
		b, ok := AppendFormat([]byte("x"), c.traceID, c.spanID, c.sampled)
		if !ok || string(b) != "x"+c.want {
			t.Errorf("AppendFormat = %q, %v", b, ok)
		}
	}
}

func TestFormatRejects(t *testing.T) {
	cases := []struct{ name, traceID, spanID string }{
		{"noop trace id", "1-00000000-000000000000000000000000", validSpan},
		{"noop span id", validXRay, "0000000000000000"},
		{"empty trace id", "", validSpan},
		{"empty span id", validXRay, ""},
		{"version 2", "2-5759e988-bd862e3fe1be46a994272793", validSpan},
		{"upper-case trace id", strings.ToUpper(validXRay), validSpan},
		{"upper-case span id", validXRay, strings.ToUpper(validSpan)},
		{"short trace id", validXRay[:34], validSpan},
		{"long trace id", validXRay + "0", validSpan},
		{"dash missing", "1-5759e988xbd862e3fe1be46a994272793", validSpan},
		{"not hex", "1-5759e988-bd862e3fe1be46a99427279g", validSpan},
		{"short span id", validXRay, validSpan[:15]},
		{"span id not hex", validXRay, "53995c3f42cd8adz"},
	}
	for _, c := range cases {
		if got, ok := Format(c.traceID, c.spanID, true); ok || got != "" {
			t.Errorf("%s: Format(%q, %q) = %q, %v; want rejected", c.name, c.traceID, c.spanID, got, ok)
		}
		if b, ok := AppendFormat([]byte("x"), c.traceID, c.spanID, true); ok || string(b) != "x" {
			t.Errorf("%s: AppendFormat = %q, %v", c.name, b, ok)
		}
	}
}

func TestAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	checks := []struct {
		name string
		want float64
		f    func()
	}{
		{"Parse valid", 1, func() { _, _, _, _ = Parse(validTP) }},
		{"Parse invalid", 0, func() { _, _, _, _ = Parse(validTP[:54]) }},
		{"Valid", 0, func() { _ = Valid(validTP) }},
		{"Format", 1, func() { _, _ = Format(validXRay, validSpan, true) }},
		{"Format rejected", 0, func() { _, _ = Format(validXRay, "0000000000000000", true) }},
		{"AppendFormat", 0, func() {
			var b [Len]byte
			_, _ = AppendFormat(b[:0], validXRay, validSpan, true)
		}},
	}
	for _, c := range checks {
		if n := testing.AllocsPerRun(100, c.f); n != c.want {
			t.Errorf("%s allocates %v times, want %v", c.name, n, c.want)
		}
	}
}
