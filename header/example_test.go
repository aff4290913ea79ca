package header_test

import (
	"fmt"

	"github.com/aws/aws-xray-sdk-go/header"
)

func ExampleFromString() {
	h := header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Foo=bar")
	fmt.Println(h.TraceID)
	fmt.Println(h.ParentID)
	fmt.Println(h.SamplingDecision == header.Sampled)
	fmt.Println(h.AdditionalData["Foo"])
	// Output:
	// 1-5759e988-bd862e3fe1be46a994272793
	// 53995c3f42cd8ad8
	// true
	// bar
}

func ExampleHeader_String() {
	h := header.Header{
		TraceID:          "1-5759e988-bd862e3fe1be46a994272793",
		ParentID:         "53995c3f42cd8ad8",
		SamplingDecision: header.NotSampled,
	}
	fmt.Println(h.String())

	// Without a decision the element stays, empty.
	fmt.Println(header.Header{TraceID: "1-5759e988-bd862e3fe1be46a994272793"}.String())
	// Output:
	// Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0
	// Root=1-5759e988-bd862e3fe1be46a994272793;
}
