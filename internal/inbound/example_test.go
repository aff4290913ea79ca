package inbound_test

import (
	"fmt"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/inbound"
)

func ExampleRequest() {
	in := inbound.Request{
		Method:        "POST",
		Host:          "api.example.com",
		Path:          "/orders",
		RemoteAddr:    "10.0.0.7:41234",
		XForwardedFor: "203.0.113.9, 10.0.0.1",
	}
	ip, forwarded := in.ClientIP()
	fmt.Println(in.URL())
	fmt.Println(ip, forwarded)
	// Output:
	// http://api.example.com/orders
	// 203.0.113.9 true
}

func ExampleResponseHeader() {
	incoming := header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?")
	fmt.Println(inbound.ResponseHeader("1-5759e988-bd862e3fe1be46a994272793", incoming, true))
	// Output:
	// Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1
}
