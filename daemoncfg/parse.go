package daemoncfg

import (
	"strconv"
	"strings"

	"github.com/pkg/errors"
)

// The error texts are those of the upstream SDK; callers match on them.
const (
	errInvalidAddress = "invalid daemon address"
	errInvalidPort    = "invalid daemon address port"
)

// resolve parses a daemon address in either form and resolves it.
func resolve(addr string) (*DaemonEndpoints, error) {
	sp := strings.IndexByte(addr, ' ')
	if sp < 0 {
		return resolveSingle(addr)
	}
	first, second := addr[:sp], addr[sp+1:]
	if strings.IndexByte(second, ' ') >= 0 {
		return nil, errors.Errorf("%s: %s", errInvalidAddress, addr)
	}
	return resolveDouble(first, second)
}

// resolveSingle handles "host:port": one address for both endpoints.
func resolveSingle(addr string) (*DaemonEndpoints, error) {
	port, ok := splitHostPort(addr)
	if !ok {
		return nil, errors.Errorf("%s: %s", errInvalidAddress, addr)
	}
	if _, err := strconv.Atoi(port); err != nil {
		return nil, errors.New(errInvalidPort)
	}
	return resolveBoth(addr, addr)
}

// resolveDouble handles "tcp:host:port udp:host:port" in either order.
//
// The checks run in the upstream order (shape of both parts, first port,
// keys) so that every address upstream rejects gets the same text; the
// second part's port, which upstream never checked, is checked last.
func resolveDouble(first, second string) (*DaemonEndpoints, error) {
	key1, hostPort1, ok1 := splitKey(first)
	key2, hostPort2, ok2 := splitKey(second)
	var port1, port2 string
	if ok1 && ok2 {
		port1, ok1 = splitHostPort(hostPort1)
		port2, ok2 = splitHostPort(hostPort2)
	}
	if !ok1 || !ok2 {
		return nil, errors.Errorf("%s: %s %s", errInvalidAddress, first, second)
	}
	if _, err := strconv.Atoi(port1); err != nil {
		return nil, errors.New(errInvalidPort)
	}
	var udp, tcp string
	switch {
	case key1 == "udp" && key2 == "tcp":
		udp, tcp = hostPort1, hostPort2
	case key1 == "tcp" && key2 == "udp":
		tcp, udp = hostPort1, hostPort2
	default:
		return nil, errors.New(errInvalidAddress)
	}
	if _, err := strconv.Atoi(port2); err != nil {
		return nil, errors.New(errInvalidPort)
	}
	return resolveBoth(udp, tcp)
}

// splitKey splits "key:rest" at the first colon.
func splitKey(part string) (key, rest string, ok bool) {
	i := strings.IndexByte(part, ':')
	if i < 0 {
		return "", "", false
	}
	return part[:i], part[i+1:], true
}

// splitHostPort checks the shape of "host:port" and returns the port text.
// Like upstream, exactly one colon is accepted, with any host text before
// it. In addition a bracketed IPv6 literal "[host]:port" is accepted, where
// host holds no brackets; upstream rejected every such address, so this adds
// forms without changing any it accepted.
func splitHostPort(hostPort string) (port string, ok bool) {
	last := strings.LastIndexByte(hostPort, ':')
	if last < 0 {
		return "", false
	}
	if strings.IndexByte(hostPort[:last], ':') < 0 {
		return hostPort[last+1:], true
	}
	if last < 2 || hostPort[0] != '[' || hostPort[last-1] != ']' ||
		strings.ContainsAny(hostPort[1:last-1], "[]") {
		return "", false
	}
	return hostPort[last+1:], true
}
