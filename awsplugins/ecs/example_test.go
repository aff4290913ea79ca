package ecs_test

import (
	"fmt"

	"github.com/aws/aws-xray-sdk-go/awsplugins/ecs"
)

// Call Init once at start-up, before traffic is traced. Every root segment
// begun afterwards carries aws.ecs.container (the host name, which ECS sets
// to the container id) and the origin below.
func ExampleInit() {
	ecs.Init()
	fmt.Println("segments now carry origin", ecs.Origin)
	// Output: segments now carry origin AWS::ECS::Container
}
