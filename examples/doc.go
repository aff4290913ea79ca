// Package examples holds small runnable programs, one per integration of the
// X-Ray SDK, each in its own directory:
//
//	capture       BeginSegment, Capture, annotations and metadata
//	httpserver    xray.Handler: a segment per incoming HTTP request
//	httpclient    xray.Client: a subsegment per outgoing HTTP request
//	sql           xray.SQLContext with the embedded SQLite driver
//	grpc          unary gRPC interceptors (client and server)
//	grpcstream    streaming gRPC interceptors (a server stream)
//	fasthttp      the fasthttp instrumentor
//	awsv1         AWS SDK for Go v1 through xray.AWSSession (fake DynamoDB)
//	awsv2         AWS SDK for Go v2 through awsv2.AWSV2Instrumentor (fake DynamoDB)
//	lambda        subsegments inside an AWS Lambda handler (facade)
//	oversampling  BeginSubsegmentWithoutSampling in a hot loop
//	plugins       the EC2 plugin with a fake instance metadata service
//
// Each runs on its own against local fakes on 127.0.0.1 and prints the
// segment documents the SDK sends: go run ./examples/capture. The demo
// directory holds the application behind `make demo`, which combines them
// and draws its traces as waterfalls. The package's test builds and runs
// every program.
package examples
