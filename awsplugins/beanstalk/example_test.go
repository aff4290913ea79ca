package beanstalk_test

import (
	"github.com/aws/aws-xray-sdk-go/awsplugins/beanstalk"
)

// Call Init once at start-up. In an Elastic Beanstalk environment, every
// root segment begun afterwards carries aws.elastic_beanstalk (environment
// name, version label, deployment id) and the origin
// AWS::ElasticBeanstalk::Environment. Elsewhere Init logs an error and
// segments carry no Elastic Beanstalk data.
func ExampleInit() {
	beanstalk.Init()
	// ... configure the SDK and serve traffic ...
}
