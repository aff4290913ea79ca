package xray

// SDK identity, as reported in the aws.xray block of every segment.
const (
	// SDKVersion is the version of this SDK.
	SDKVersion = "1.8.5"
	// SDKType is the name the SDK reports itself under.
	SDKType = "X-Ray for Go"
)

// Header is the framing line that precedes every document sent to the
// daemon.
const Header = `{"format": "json", "version": 1}` + "\n"

// TraceIDHeaderKey is the trace header's name on HTTP requests and in gRPC
// metadata.
const TraceIDHeaderKey = "x-amzn-trace-id"

// Lambda environment.
const (
	// LambdaTraceHeaderKey is the context key under which the Lambda runtime
	// stores the invocation's trace header (a string).
	LambdaTraceHeaderKey string = "x-amzn-trace-id"
	// LambdaTaskRootKey is the environment variable that marks a Lambda
	// environment.
	LambdaTaskRootKey string = "LAMBDA_TASK_ROOT"
	// SDKInitializedFileFolder holds the marker file created in Lambda.
	SDKInitializedFileFolder string = "/tmp/.aws-xray"
	// SDKInitializedFileName is the marker file's name.
	SDKInitializedFileName string = "initialized"
)

// Keys of the aws block of AWS SDK subsegments.
const (
	// RequestIDKey holds the AWS request id.
	RequestIDKey string = "request_id"
	// ExtendedRequestIDKey holds the S3 extended request id.
	ExtendedRequestIDKey string = "id_2"
	// S3ExtendedRequestIDHeaderKey is the response header carrying the S3
	// extended request id.
	S3ExtendedRequestIDHeaderKey string = "x-amz-id-2"
)

// Limits and fixed values used throughout the package.
const (
	maxNameBytes = 200

	noopTraceID = "1-00000000-000000000000000000000000"
	noopID      = "0000000000000000"

	typeSubsegment = "subsegment"

	// maxDatagram is the largest UDP payload IPv4 allows; no datagram the
	// SDK writes is larger.
	maxDatagram = 65507
)
