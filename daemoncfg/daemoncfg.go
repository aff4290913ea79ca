// Package daemoncfg resolves where the X-Ray daemon listens: the UDP address
// segments are sent to and the TCP address of its sampling API.
//
// The address comes from the AWS_XRAY_DAEMON_ADDRESS environment variable
// when it is set, else from configuration, else it is 127.0.0.1:2000 for
// both. Accepted forms:
//
//	host:port                         both endpoints
//	tcp:host:port udp:host:port       each endpoint on its own (either order)
//
// where host is a host name, an IPv4 literal, or a bracketed IPv6 literal
// such as [::1].
package daemoncfg

import (
	"net"
	"os"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// envVar is the environment variable that overrides every configured
// daemon address.
const envVar = "AWS_XRAY_DAEMON_ADDRESS"

const defaultPort = 2000

// DaemonEndpoints holds the daemon's two addresses.
type DaemonEndpoints struct {
	// UDPAddr receives segment documents.
	UDPAddr *net.UDPAddr
	// TCPAddr serves the sampling API.
	TCPAddr *net.TCPAddr
}

// GetDefaultDaemonEndpoints returns 127.0.0.1:2000 for both endpoints. Each
// call returns fresh values the caller may modify.
func GetDefaultDaemonEndpoints() *DaemonEndpoints {
	return &DaemonEndpoints{
		UDPAddr: &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: defaultPort},
		TCPAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: defaultPort},
	}
}

// GetDaemonEndpoints returns the endpoints named by AWS_XRAY_DAEMON_ADDRESS,
// or the defaults when it is unset. It panics when the variable holds an
// address that does not parse; use GetDaemonEndpointsFromString("") to get
// the error instead.
func GetDaemonEndpoints() *DaemonEndpoints {
	endpoints, err := GetDaemonEndpointsFromString("")
	if err != nil {
		panic(err)
	}
	if endpoints == nil {
		return GetDefaultDaemonEndpoints()
	}
	return endpoints
}

// GetDaemonEndpointsFromEnv parses AWS_XRAY_DAEMON_ADDRESS. It returns nil
// and no error when the variable is unset or empty.
func GetDaemonEndpointsFromEnv() (*DaemonEndpoints, error) {
	addr := os.Getenv(envVar)
	if addr == "" {
		return nil, nil
	}
	return resolve(addr)
}

// GetDaemonEndpointsFromString parses dAddr, unless AWS_XRAY_DAEMON_ADDRESS
// is set: the variable wins (and an INFO line says so). It returns nil and
// no error when the chosen string is empty. Host names are resolved now.
func GetDaemonEndpointsFromString(dAddr string) (*DaemonEndpoints, error) {
	if env := os.Getenv(envVar); env != "" {
		logger.Infof("using daemon endpoints from environment variable %s: %v", envVar, env)
		return resolve(env)
	}
	if dAddr == "" {
		return nil, nil
	}
	return resolve(dAddr)
}
