package inbound

import (
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/header"
)

func TestInboundURL(t *testing.T) {
	cases := []struct {
		name string
		in   Request
		want string
	}{
		{"plain", Request{Host: "api.example.com", Path: "/orders"}, "http://api.example.com/orders"},
		{"tls", Request{Host: "api.example.com:8443", Path: "/", TLS: true}, "https://api.example.com:8443/"},
		{"scheme wins over TLS", Request{Scheme: "grpc", Host: "bufnet", Path: "/svc/Method", TLS: true}, "grpc://bufnet/svc/Method"},
		{"empty", Request{}, "http://"},
	}
	for _, c := range cases {
		if got := c.in.URL(); got != c.want {
			t.Errorf("%s: URL() = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestInboundClientIP(t *testing.T) {
	cases := []struct {
		remote, xff   string
		wantIP        string
		wantForwarded bool
	}{
		{"192.0.2.1:5555", "", "192.0.2.1", false},
		{"[::1]:5555", "", "::1", false},
		{"[fe80::1%eth0]:80", "", "fe80::1%eth0", false},
		{"no-port", "", "no-port", false},
		{"", "", "", false},
		{"192.0.2.1:5555", "203.0.113.9, 10.0.0.1", "203.0.113.9", true},
		{"192.0.2.1:5555", "  203.0.113.9  ", "203.0.113.9", true},
		{"192.0.2.1:5555", "\t2001:db8::1 ,x", "2001:db8::1", true},
		{"192.0.2.1:5555", " , 10.0.0.1", "", true},
		{"", "10.0.0.1", "10.0.0.1", true},
	}
	for _, c := range cases {
		ip, fwd := ClientIP(c.remote, c.xff)
		if ip != c.wantIP || fwd != c.wantForwarded {
			t.Errorf("ClientIP(%q, %q) = %q, %v; want %q, %v", c.remote, c.xff, ip, fwd, c.wantIP, c.wantForwarded)
		}
		r := Request{RemoteAddr: c.remote, XForwardedFor: c.xff}
		if ip2, fwd2 := r.ClientIP(); ip2 != ip || fwd2 != fwd {
			t.Errorf("Request.ClientIP differs from ClientIP for %q, %q", c.remote, c.xff)
		}
	}
}

func TestInboundResponseHeader(t *testing.T) {
	const tid = "1-5759e988-bd862e3fe1be46a994272793"
	cases := []struct {
		incoming string
		sampled  bool
		want     string
	}{
		// header.md §4.1.
		{"", true, "Root=" + tid},
		{"Root=T;Parent=P;Sampled=1;Foo=bar", true, "Root=" + tid + ";Parent=P;Sampled=1"},
		{"Root=T;Sampled=?", true, "Root=" + tid + ";Sampled=1"},
		{"Root=T;Sampled=?", false, "Root=" + tid + ";Sampled=0"},
		{"Root=T;Parent=P;Sampled=0", false, "Root=" + tid + ";Parent=P;Sampled=0"},
		{"Root=T;Parent=P", true, "Root=" + tid + ";Parent=P"},
		// The incoming decision is echoed, whatever the segment decided.
		{"Sampled=1", false, "Root=" + tid + ";Sampled=1"},
		{"Parent=P;Sampled=true", true, "Root=" + tid + ";Parent=P"},
	}
	for _, c := range cases {
		got := ResponseHeader(tid, header.FromString(c.incoming), c.sampled)
		if got != c.want {
			t.Errorf("ResponseHeader(%q, sampled=%v) = %q, want %q", c.incoming, c.sampled, got, c.want)
		}
	}
	if got := ResponseHeader(tid, nil, true); got != "Root="+tid {
		t.Errorf("nil incoming header: %q", got)
	}
}

// TestInboundURLAndResponseHeader checks that the one-allocation pair is
// URL and ResponseHeader.
func TestInboundURLAndResponseHeader(t *testing.T) {
	const tid = "1-5759e988-bd862e3fe1be46a994272793"
	requests := []Request{
		{Host: "api.example.com", Path: "/orders"},
		{Host: "api.example.com:8443", Path: "/", TLS: true},
		{Scheme: "grpc", Host: "bufnet", Path: "/svc/Method"},
		{},
	}
	incoming := []*header.Header{
		nil,
		header.FromString(""),
		header.FromString("Root=T;Parent=P;Sampled=1;Foo=bar"),
		header.FromString("Root=T;Sampled=?"),
		header.FromString("Parent=P;Sampled=0"),
	}
	for _, r := range requests {
		for _, h := range incoming {
			for _, sampled := range []bool{true, false} {
				wantURL, wantHeader := r.URL(), ResponseHeader(tid, h, sampled)
				u, v := URLAndResponseHeader(&r, tid, h, sampled)
				if u != wantURL || v != wantHeader {
					t.Errorf("URLAndResponseHeader = %q, %q; want %q, %q", u, v, wantURL, wantHeader)
				}
				// A buffer too small, just large enough, larger.
				n := len(wantURL) + len(wantHeader)
				for _, size := range []int{0, n - 1, n, n + 10} {
					buf := make([]byte, size)
					u, v := URLAndResponseHeaderIn(buf, &r, tid, h, sampled)
					if u != wantURL || v != wantHeader {
						t.Errorf("URLAndResponseHeaderIn(%d bytes) = %q, %q; want %q, %q", size, u, v, wantURL, wantHeader)
					}
				}
			}
		}
	}
}

func TestInboundClassify(t *testing.T) {
	cases := []struct {
		status int
		want   Flags
	}{
		{0, Flags{}}, {100, Flags{}}, {200, Flags{}}, {302, Flags{}}, {399, Flags{}},
		{400, Flags{Error: true}}, {404, Flags{Error: true}}, {428, Flags{Error: true}},
		{429, Flags{Error: true, Throttle: true}}, {430, Flags{Error: true}}, {499, Flags{Error: true}},
		{500, Flags{Fault: true}}, {503, Flags{Fault: true}}, {599, Flags{Fault: true}},
		{600, Flags{}}, {-1, Flags{}},
	}
	for _, c := range cases {
		if got := Classify(c.status); got != c.want {
			t.Errorf("Classify(%d) = %+v, want %+v", c.status, got, c.want)
		}
	}
}

func TestInboundAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	r := Request{RemoteAddr: "192.0.2.1:5555", XForwardedFor: "203.0.113.9, 10.0.0.1"}
	if n := testing.AllocsPerRun(100, func() { _, _ = r.ClientIP() }); n != 0 {
		t.Errorf("ClientIP allocates %v times, want 0", n)
	}
	h := header.FromString("Root=T;Parent=P;Sampled=?")
	if n := testing.AllocsPerRun(100, func() { _ = ResponseHeader("1-5759e988-bd862e3fe1be46a994272793", h, true) }); n != 1 {
		t.Errorf("ResponseHeader allocates %v times, want 1", n)
	}
	in := Request{Host: "api.example.com", Path: "/orders"}
	if n := testing.AllocsPerRun(100, func() { _, _ = URLAndResponseHeader(&in, "1-5759e988-bd862e3fe1be46a994272793", h, true) }); n != 1 {
		t.Errorf("URLAndResponseHeader allocates %v times, want 1", n)
	}
	buf := make([]byte, 128)
	if n := testing.AllocsPerRun(100, func() { _, _ = URLAndResponseHeaderIn(buf, &in, "1-5759e988-bd862e3fe1be46a994272793", h, true) }); n != 0 {
		t.Errorf("URLAndResponseHeaderIn allocates %v times with room in the buffer, want 0", n)
	}
}

// FuzzInboundClientIP checks that any remote address and X-Forwarded-For
// value yield an address without panicking, and that the address is a
// substring of its source.
func FuzzInboundClientIP(f *testing.F) {
	f.Add("192.0.2.1:5555", "")
	f.Add("[::1]:80", "")
	f.Add("", "203.0.113.9, 10.0.0.1")
	f.Add("x", " , ")
	f.Fuzz(func(t *testing.T, remote, xff string) {
		ip, fwd := ClientIP(remote, xff)
		if fwd != (xff != "") {
			t.Fatalf("forwarded = %v for xff %q", fwd, xff)
		}
		src := remote
		if fwd {
			src = xff
		}
		if !strings.Contains(src, ip) {
			t.Fatalf("ip %q is not part of %q", ip, src)
		}
		if strings.Contains(ip, ",") && fwd {
			t.Fatalf("ip %q contains a comma", ip)
		}
	})
}
