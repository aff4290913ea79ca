package ctxmissing_test

import (
	"fmt"

	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
)

func ExampleDefaultRuntimeErrorStrategy_ContextMissing() {
	defer func() { fmt.Println("recovered:", recover()) }()
	ctxmissing.NewDefaultRuntimeErrorStrategy().ContextMissing("segment cannot be found.")
	// Output:
	// recovered: segment cannot be found.
}

func ExampleNewDefaultIgnoreErrorStrategy() {
	var s ctxmissing.Strategy = ctxmissing.NewDefaultIgnoreErrorStrategy()
	s.ContextMissing("segment cannot be found.") // silently ignored
	fmt.Println("still running")
	// Output:
	// still running
}
