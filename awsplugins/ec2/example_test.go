package ec2_test

import (
	"github.com/aws/aws-xray-sdk-go/awsplugins/ec2"
)

// Call Init once at start-up. On an EC2 instance, every root segment begun
// afterwards carries aws.ec2.instance_id, aws.ec2.availability_zone and the
// origin AWS::EC2::Instance. Elsewhere Init logs an error after at most about
// two seconds and segments carry no EC2 data.
func ExampleInit() {
	ec2.Init()
	// ... configure the SDK and serve traffic ...
}
