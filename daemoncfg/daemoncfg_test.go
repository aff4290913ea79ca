package daemoncfg

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

func udp(ip net.IP, port int) *net.UDPAddr { return &net.UDPAddr{IP: ip, Port: port} }
func tcp(ip net.IP, port int) *net.TCPAddr { return &net.TCPAddr{IP: ip, Port: port} }

func TestDefaultEndpoints(t *testing.T) {
	d := GetDefaultDaemonEndpoints()
	want := &DaemonEndpoints{UDPAddr: udp(net.IPv4(127, 0, 0, 1), 2000), TCPAddr: tcp(net.IPv4(127, 0, 0, 1), 2000)}
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("defaults = %+v, want %+v", d, want)
	}
	if len(d.UDPAddr.IP) != net.IPv6len || len(d.TCPAddr.IP) != net.IPv6len {
		t.Errorf("default IPs are not in 16-byte form")
	}
	d.UDPAddr.Port = 1
	if GetDefaultDaemonEndpoints().UDPAddr.Port != 2000 {
		t.Error("defaults share state between calls")
	}
}

func TestValidAddresses(t *testing.T) {
	t.Setenv(envVar, "")
	tests := []struct {
		in   string
		want *DaemonEndpoints
	}{
		{"127.0.0.1:2000", &DaemonEndpoints{udp(net.IPv4(127, 0, 0, 1), 2000), tcp(net.IPv4(127, 0, 0, 1), 2000)}},
		{"10.0.0.1:0", &DaemonEndpoints{udp(net.IPv4(10, 0, 0, 1), 0), tcp(net.IPv4(10, 0, 0, 1), 0)}},
		{"tcp:127.0.0.1:2000 udp:127.0.0.2:2001", &DaemonEndpoints{udp(net.IPv4(127, 0, 0, 2), 2001), tcp(net.IPv4(127, 0, 0, 1), 2000)}},
		{"udp:10.0.0.1:2000 tcp:10.0.0.1:2000", &DaemonEndpoints{udp(net.IPv4(10, 0, 0, 1), 2000), tcp(net.IPv4(10, 0, 0, 1), 2000)}},
		// IPv6 literals (not accepted upstream).
		{"[::1]:2000", &DaemonEndpoints{udp(net.IPv6loopback, 2000), tcp(net.IPv6loopback, 2000)}},
		{"tcp:[::1]:3000 udp:127.0.0.1:2000", &DaemonEndpoints{udp(net.IPv4(127, 0, 0, 1), 2000), tcp(net.IPv6loopback, 3000)}},
		{"udp:[2001:db8::1]:2000 tcp:[2001:db8::2]:2001", &DaemonEndpoints{
			udp(net.ParseIP("2001:db8::1"), 2000), tcp(net.ParseIP("2001:db8::2"), 2001)}},
		{"[fe80::1%eth0]:2000", &DaemonEndpoints{
			&net.UDPAddr{IP: net.ParseIP("fe80::1"), Port: 2000, Zone: "eth0"},
			&net.TCPAddr{IP: net.ParseIP("fe80::1"), Port: 2000, Zone: "eth0"}}},
		{"[::ffff:1.2.3.4]:5", &DaemonEndpoints{udp(net.IPv4(1, 2, 3, 4), 5), tcp(net.IPv4(1, 2, 3, 4), 5)}},
		// Forms that go through the standard resolver, as upstream.
		{"1.2.3.4:+5", &DaemonEndpoints{udp(net.IPv4(1, 2, 3, 4), 5), tcp(net.IPv4(1, 2, 3, 4), 5)}},
		{":2000", &DaemonEndpoints{udp(nil, 2000), tcp(nil, 2000)}},
		{"[1.2.3.4]:5", &DaemonEndpoints{udp(net.IPv4(1, 2, 3, 4), 5), tcp(net.IPv4(1, 2, 3, 4), 5)}},
	}
	for _, tc := range tests {
		got, err := GetDaemonEndpointsFromString(tc.in)
		if err != nil {
			t.Errorf("%q: unexpected error %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q = {%v %v}, want {%v %v}", tc.in, got.UDPAddr, got.TCPAddr, tc.want.UDPAddr, tc.want.TCPAddr)
		}
	}
}

// The fast path for literals must give exactly what the standard resolver
// gives, including the 16-byte IPv4 form, and separate IP slices.
func TestLiteralsMatchStandardResolver(t *testing.T) {
	for _, in := range []string{"127.0.0.1:2000", "0.0.0.0:65535", "[::1]:1", "[fe80::1%eth0]:2000",
		"[::ffff:10.1.2.3]:7", "[1.2.3.4]:5", "255.255.255.255:00080"} {
		got, err := resolve(in)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		u, _ := net.ResolveUDPAddr("udp", in)
		tc, _ := net.ResolveTCPAddr("tcp", in)
		if !reflect.DeepEqual(got.UDPAddr, u) || !reflect.DeepEqual(got.TCPAddr, tc) {
			t.Errorf("%q = {%#v %#v}, standard resolver {%#v %#v}", in, got.UDPAddr, got.TCPAddr, u, tc)
		}
		got.UDPAddr.IP[0] ^= 0xff
		if got.TCPAddr.IP[0] == got.UDPAddr.IP[0] {
			t.Errorf("%q: UDP and TCP addresses share their IP", in)
		}
	}
}

func TestHostNameResolved(t *testing.T) {
	t.Setenv(envVar, "")
	// localhost comes from /etc/hosts; no DNS query is needed.
	got, err := GetDaemonEndpointsFromString("localhost:2000")
	if err != nil {
		t.Skipf("localhost does not resolve here: %v", err)
	}
	if !got.UDPAddr.IP.IsLoopback() || got.UDPAddr.Port != 2000 || !got.TCPAddr.IP.IsLoopback() || got.TCPAddr.Port != 2000 {
		t.Errorf("localhost:2000 = {%v %v}", got.UDPAddr, got.TCPAddr)
	}
}

func TestInvalidAddresses(t *testing.T) {
	t.Setenv(envVar, "")
	tests := []struct{ in, want string }{
		{"127.0.0.1", "invalid daemon address: 127.0.0.1"},
		{"1.2.3.4:2a", "invalid daemon address port"},
		{"tcp:h:1 tcp:h:2", "invalid daemon address"},
		{"udp:h:1 udp:h:2", "invalid daemon address"},
		{"UDP:127.0.0.1:1 TCP:127.0.0.1:2", "invalid daemon address"},
		{"a:1:2", "invalid daemon address: a:1:2"},
		{"127.0.0.1:2000 ", "invalid daemon address: 127.0.0.1:2000 "},
		{"127.0.0.1:2000 127.0.0.1:2001", "invalid daemon address: 127.0.0.1:2000 127.0.0.1:2001"},
		{"tcp:127.0.0.1:2000  udp:127.0.0.1:2000", "invalid daemon address: tcp:127.0.0.1:2000  udp:127.0.0.1:2000"},
		{"a b c", "invalid daemon address: a b c"},
		{"tcp:127.0.0.1:x udp:127.0.0.1:2000", "invalid daemon address port"},
		// The first port is checked before the keys, as upstream does.
		{"tcp:h:x tcp:h:2", "invalid daemon address port"},
		// Both ports are checked (upstream only checked the first).
		{"tcp:127.0.0.1:2000 udp:127.0.0.1:x", "invalid daemon address port"},
		{"udp:127.0.0.1:2000 tcp:127.0.0.1:", "invalid daemon address port"},
		{"1.2.3.4:", "invalid daemon address port"},
		{"::1:2000", "invalid daemon address: ::1:2000"},
		{"[::1]", "invalid daemon address: [::1]"},
		{"[::1]2000", "invalid daemon address: [::1]2000"},
		{"[[::1]]:2000", "invalid daemon address: [[::1]]:2000"},
		{"[::1]:x", "invalid daemon address port"},
		{"tcp:[::1] udp:[::1]:2000", "invalid daemon address: tcp:[::1] udp:[::1]:2000"},
		// Resolver errors come back unchanged.
		{"1.2.3.4:-1", "address -1: invalid port"},
		{"1.2.3.4:70000", "address 70000: invalid port"},
		{"tcp:127.0.0.1:2000 udp:127.0.0.1:70000", "address 70000: invalid port"},
	}
	for _, tc := range tests {
		got, err := GetDaemonEndpointsFromString(tc.in)
		if err == nil {
			t.Errorf("%q: no error, got {%v %v}", tc.in, got.UDPAddr, got.TCPAddr)
			continue
		}
		if got != nil {
			t.Errorf("%q: endpoints %v returned with the error", tc.in, got)
		}
		if err.Error() != tc.want {
			t.Errorf("%q: error %q, want %q", tc.in, err.Error(), tc.want)
		}
	}
}

// Errors of our own carry a stack trace when printed with %+v, as the
// pkg/errors values upstream returns do.
func TestErrorsCarryStack(t *testing.T) {
	t.Setenv(envVar, "")
	for _, in := range []string{"127.0.0.1", "1.2.3.4:2a", "tcp:h:1 tcp:h:2"} {
		_, err := GetDaemonEndpointsFromString(in)
		if !strings.Contains(fmt.Sprintf("%+v", err), "daemoncfg") {
			t.Errorf("%q: %%+v of the error has no stack:\n%+v", in, err)
		}
	}
}

func TestResolverErrorReturnedUnchanged(t *testing.T) {
	t.Setenv(envVar, "")
	sentinel := errors.New("lookup nowhere.invalid: no such host")
	swapResolvers(t, func(network, addr string) (*net.UDPAddr, error) { return nil, sentinel },
		func(network, addr string) (*net.TCPAddr, error) { return nil, sentinel })
	_, err := GetDaemonEndpointsFromString("nowhere.invalid:2000")
	if err != sentinel {
		t.Fatalf("error = %v, want the resolver's own error", err)
	}
}

func swapResolvers(t testing.TB, u func(string, string) (*net.UDPAddr, error), c func(string, string) (*net.TCPAddr, error)) {
	t.Helper()
	oldU, oldT := resolveUDPAddr, resolveTCPAddr
	resolveUDPAddr, resolveTCPAddr = u, c
	t.Cleanup(func() { resolveUDPAddr, resolveTCPAddr = oldU, oldT })
}

func TestEmpty(t *testing.T) {
	t.Setenv(envVar, "")
	d, err := GetDaemonEndpointsFromString("")
	if d != nil || err != nil {
		t.Errorf(`FromString("") = %v, %v; want nil, nil`, d, err)
	}
	d, err = GetDaemonEndpointsFromEnv()
	if d != nil || err != nil {
		t.Errorf("FromEnv() with the variable empty = %v, %v; want nil, nil", d, err)
	}
	if got := GetDaemonEndpoints(); !reflect.DeepEqual(got, GetDefaultDaemonEndpoints()) {
		t.Errorf("GetDaemonEndpoints() without configuration = %v, want the defaults", got)
	}
}

// captureLog installs a logger that records every line at or above DEBUG.
func captureLog(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf syncBuffer
	prev := logger.Logger()
	logger.Inject(xraylog.NewDefaultLogger(&buf, xraylog.LogLevelDebug))
	t.Cleanup(func() { logger.Inject(prev) })
	return &buf.b
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func TestEnvironmentWins(t *testing.T) {
	t.Setenv(envVar, "tcp:127.0.0.1:3000 udp:127.0.0.1:3001")
	buf := captureLog(t)
	d, err := GetDaemonEndpointsFromString("127.0.0.1:2000")
	if err != nil {
		t.Fatal(err)
	}
	if d.UDPAddr.Port != 3001 || d.TCPAddr.Port != 3000 {
		t.Errorf("got {%v %v}, want the environment's addresses", d.UDPAddr, d.TCPAddr)
	}
	want := "[INFO] using daemon endpoints from environment variable AWS_XRAY_DAEMON_ADDRESS: tcp:127.0.0.1:3000 udp:127.0.0.1:3001\n"
	if !strings.HasSuffix(buf.String(), want) || strings.Count(buf.String(), "\n") != 1 {
		t.Errorf("log = %q, want one line ending %q", buf.String(), want)
	}

	buf.Reset()
	d, err = GetDaemonEndpointsFromEnv()
	if err != nil || d.UDPAddr.Port != 3001 {
		t.Errorf("FromEnv() = %v, %v", d, err)
	}
	if buf.Len() != 0 {
		t.Errorf("FromEnv logged %q, want nothing", buf.String())
	}
	if d := GetDaemonEndpoints(); d.TCPAddr.Port != 3000 {
		t.Errorf("GetDaemonEndpoints() = %v", d)
	}
}

func TestEnvironmentInvalid(t *testing.T) {
	t.Setenv(envVar, "127.0.0.1")
	captureLog(t)
	if _, err := GetDaemonEndpointsFromEnv(); err == nil || err.Error() != "invalid daemon address: 127.0.0.1" {
		t.Errorf("FromEnv() error = %v", err)
	}
	if _, err := GetDaemonEndpointsFromString("127.0.0.1:2000"); err == nil {
		t.Error("FromString ignored the invalid environment value")
	}
	defer func() {
		r := recover()
		err, ok := r.(error)
		if !ok || err.Error() != "invalid daemon address: 127.0.0.1" {
			t.Errorf("GetDaemonEndpoints() panicked with %v, want the parse error", r)
		}
	}()
	GetDaemonEndpoints()
	t.Error("GetDaemonEndpoints() did not panic")
}
