package w3c_test

import (
	"fmt"

	"github.com/aws/aws-xray-sdk-go/internal/w3c"
)

func ExampleParse() {
	traceID, parentID, sampled, ok := w3c.Parse("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")
	fmt.Println(traceID, parentID, sampled, ok)

	// Upper-case hex is not valid Trace Context: ignored.
	_, _, _, ok = w3c.Parse("00-5759E988BD862E3FE1BE46A994272793-53995c3f42cd8ad8-01")
	fmt.Println(ok)
	// Output:
	// 1-5759e988-bd862e3fe1be46a994272793 53995c3f42cd8ad8 true true
	// false
}

func ExampleFormat() {
	fmt.Println(w3c.Format("1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8", false))

	// X-Ray's all-zero ids for unsampled entities have no W3C form.
	fmt.Println(w3c.Format("1-5759e988-bd862e3fe1be46a994272793", "0000000000000000", false))
	// Output:
	// 00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00 true
	//  false
}
