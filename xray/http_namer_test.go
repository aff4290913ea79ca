package xray

import "testing"

func TestFixedSegmentNamer(t *testing.T) {
	n := NewFixedSegmentNamer("orders")
	for _, host := range []string{"", "a.example.com", "127.0.0.1:8080"} {
		if got := n.Name(host); got != "orders" {
			t.Errorf("Name(%q) = %q", host, got)
		}
	}
	if n.FixedName != "orders" {
		t.Errorf("FixedName %q", n.FixedName)
	}
}

func TestDynamicSegmentNamer(t *testing.T) {
	cases := []struct {
		pattern, host, want string
	}{
		{"*.example.com", "api.example.com", "api.example.com"},
		{"*.example.com", "API.Example.COM", "API.Example.COM"},
		{"*.example.com", "example.org", "fallback"},
		{"*.example.com", "api.example.com:8443", "fallback"},
		{"*.example.com*", "api.example.com:8443", "api.example.com:8443"},
		{"api.example.?om", "api.example.com", "api.example.com"},
		{"*", "anything", "anything"},
		{"*", "", ""},
		{"", "", ""},
		{"", "a", "fallback"},
		// One pattern, not a list.
		{"a.com,b.com", "a.com", "fallback"},
	}
	for _, c := range cases {
		n := NewDynamicSegmentNamer("fallback", c.pattern)
		if got := n.Name(c.host); got != c.want {
			t.Errorf("pattern %q: Name(%q) = %q, want %q", c.pattern, c.host, got, c.want)
		}
	}
	n := NewDynamicSegmentNamer("fb", "p")
	if n.FallbackName != "fb" || n.RecognizedHosts != "p" {
		t.Errorf("fields %+v", n)
	}
}

// Namers are plain values: a zero value works and namers satisfy the
// interface through their pointers.
func TestNamerZeroValues(t *testing.T) {
	var _ SegmentNamer = &FixedSegmentNamer{}
	var _ SegmentNamer = &DynamicSegmentNamer{}
	if (&DynamicSegmentNamer{}).Name("x") != "" {
		t.Error("zero DynamicSegmentNamer should fall back to the empty name")
	}
}
