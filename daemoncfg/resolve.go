package daemoncfg

import (
	"net"
	"net/netip"
	"strconv"
)

// Resolvers of the standard library, used for anything that is not an IP
// literal with a plain decimal port. Tests replace them to keep fuzzing off
// the network.
var (
	resolveUDPAddr = net.ResolveUDPAddr
	resolveTCPAddr = net.ResolveTCPAddr
)

// endpointsBlock lets the common case (IP literals) build the endpoints and
// both addresses in a single allocation. Each address gets its own copy of
// the IP, as if resolved separately.
type endpointsBlock struct {
	endpoints DaemonEndpoints
	udp       net.UDPAddr
	tcp       net.TCPAddr
	udpIP     [net.IPv6len]byte
	tcpIP     [net.IPv6len]byte
}

// resolveBoth resolves udpHostPort as UDP and tcpHostPort as TCP. The
// results are what net.ResolveUDPAddr and net.ResolveTCPAddr return, and so
// are the errors.
func resolveBoth(udpHostPort, tcpHostPort string) (*DaemonEndpoints, error) {
	udpIP, udpPort, udpOK := parseLiteral(udpHostPort)
	tcpIP, tcpPort, tcpOK := parseLiteral(tcpHostPort)
	if udpOK && tcpOK {
		b := new(endpointsBlock)
		b.udpIP = udpIP.As16()
		b.tcpIP = tcpIP.As16()
		b.udp = net.UDPAddr{IP: b.udpIP[:], Port: udpPort, Zone: udpIP.Zone()}
		b.tcp = net.TCPAddr{IP: b.tcpIP[:], Port: tcpPort, Zone: tcpIP.Zone()}
		b.endpoints = DaemonEndpoints{UDPAddr: &b.udp, TCPAddr: &b.tcp}
		return &b.endpoints, nil
	}
	udp, err := resolveUDPAddr("udp", udpHostPort)
	if err != nil {
		return nil, err
	}
	tcp, err := resolveTCPAddr("tcp", tcpHostPort)
	if err != nil {
		return nil, err
	}
	return &DaemonEndpoints{UDPAddr: udp, TCPAddr: tcp}, nil
}

// parseLiteral recognises "ip:port" and "[ip]:port" (optionally with an IPv6
// zone) where port is 1 to 5 decimal digits no greater than 65535. ok is
// false for everything else, which then goes to the standard resolver.
func parseLiteral(hostPort string) (ip netip.Addr, port int, ok bool) {
	i := len(hostPort) - 1
	for i >= 0 && hostPort[i] >= '0' && hostPort[i] <= '9' {
		i--
	}
	digits := hostPort[i+1:]
	if i < 0 || hostPort[i] != ':' || len(digits) == 0 || len(digits) > 5 {
		return netip.Addr{}, 0, false
	}
	port, err := strconv.Atoi(digits)
	if err != nil || port > 65535 {
		return netip.Addr{}, 0, false
	}
	host := hostPort[:i]
	if len(host) >= 2 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	ip, err = netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, 0, false
	}
	return ip, port, true
}
