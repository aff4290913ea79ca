package daemoncfg

import "testing"

func benchResolve(b *testing.B, addr string) {
	b.Setenv(envVar, "")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := GetDaemonEndpointsFromString(addr); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSingleIPv4(b *testing.B) { benchResolve(b, "127.0.0.1:2000") }
func BenchmarkSingleIPv6(b *testing.B) { benchResolve(b, "[::1]:2000") }
func BenchmarkDouble(b *testing.B)     { benchResolve(b, "tcp:127.0.0.1:2000 udp:127.0.0.2:2001") }
