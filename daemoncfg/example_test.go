package daemoncfg_test

import (
	"fmt"

	"github.com/aws/aws-xray-sdk-go/daemoncfg"
)

func ExampleGetDaemonEndpointsFromString() {
	// AWS_XRAY_DAEMON_ADDRESS, when set, takes precedence over the argument.
	endpoints, err := daemoncfg.GetDaemonEndpointsFromString("tcp:127.0.0.1:2000 udp:127.0.0.1:2001")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("segments to", endpoints.UDPAddr)
	fmt.Println("sampling API at", endpoints.TCPAddr)
	// Output:
	// segments to 127.0.0.1:2001
	// sampling API at 127.0.0.1:2000
}

func ExampleGetDaemonEndpointsFromString_ipv6() {
	endpoints, err := daemoncfg.GetDaemonEndpointsFromString("[::1]:2000")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(endpoints.UDPAddr, endpoints.TCPAddr)
	// Output:
	// [::1]:2000 [::1]:2000
}

func ExampleGetDaemonEndpointsFromString_invalid() {
	_, err := daemoncfg.GetDaemonEndpointsFromString("127.0.0.1")
	fmt.Println(err)
	// Output:
	// invalid daemon address: 127.0.0.1
}

func ExampleGetDefaultDaemonEndpoints() {
	endpoints := daemoncfg.GetDefaultDaemonEndpoints()
	fmt.Println(endpoints.UDPAddr, endpoints.TCPAddr)
	// Output:
	// 127.0.0.1:2000 127.0.0.1:2000
}
