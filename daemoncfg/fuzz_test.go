package daemoncfg

import (
	"errors"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

// offlineResolvers lets the standard resolvers see only IP literals and empty
// hosts, so that fuzzing never sends a DNS query.
func offlineResolvers(t testing.TB) {
	errOffline := errors.New("fuzz: host names are not resolved")
	literal := func(hostPort string) bool {
		host, _, err := net.SplitHostPort(hostPort)
		if err != nil || host == "" {
			return err == nil
		}
		host, _, _ = strings.Cut(host, "%")
		_, err = netip.ParseAddr(host)
		return err == nil
	}
	swapResolvers(t,
		func(network, addr string) (*net.UDPAddr, error) {
			if !literal(addr) {
				return nil, errOffline
			}
			return net.ResolveUDPAddr(network, addr)
		},
		func(network, addr string) (*net.TCPAddr, error) {
			if !literal(addr) {
				return nil, errOffline
			}
			return net.ResolveTCPAddr(network, addr)
		})
}

// FuzzResolve checks that no address makes the parser panic, that every
// accepted address yields both endpoints, and that a single-form address is
// resolved exactly as the standard resolver would.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{
		"127.0.0.1:2000", "localhost:2000", "tcp:127.0.0.1:2000 udp:127.0.0.2:2001",
		"udp:10.0.0.1:2000 tcp:10.0.0.1:2000", "127.0.0.1", "1.2.3.4:2a", "tcp:h:1 tcp:h:2",
		"[::1]:2000", "tcp:[::1]:1 udp:[fe80::1%eth0]:2", "[::1]", "a b c", " ", ":", "::", "[]:1",
		"1.2.3.4:+5", "1.2.3.4:-0", "1.2.3.4:99999", ":0",
	} {
		f.Add(s)
	}
	offlineResolvers(f)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := resolve(s)
		if err != nil {
			if d != nil {
				t.Fatalf("%q: endpoints returned with error %v", s, err)
			}
			return
		}
		if d == nil || d.UDPAddr == nil || d.TCPAddr == nil {
			t.Fatalf("%q accepted without both endpoints: %#v", s, d)
		}
		if strings.IndexByte(s, ' ') < 0 {
			u, uerr := resolveUDPAddr("udp", s)
			c, cerr := resolveTCPAddr("tcp", s)
			if uerr != nil || cerr != nil || !reflect.DeepEqual(u, d.UDPAddr) || !reflect.DeepEqual(c, d.TCPAddr) {
				t.Fatalf("%q: got {%#v %#v}, standard resolver {%#v %v} {%#v %v}", s, d.UDPAddr, d.TCPAddr, u, uerr, c, cerr)
			}
		}
	})
}
