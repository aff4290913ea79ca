//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; these tests exercise its instrumentation.

package xray

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	"github.com/aws/aws-sdk-go/service/dynamodb"
	"github.com/aws/aws-sdk-go/service/lambda"
	"github.com/aws/aws-sdk-go/service/s3"
	"github.com/aws/aws-sdk-go/service/sqs"

	"github.com/aws/aws-xray-sdk-go/internal/awsfake"
)

func newTracedDynamoDB(t *testing.T, srv *awsfake.Server, retries int) *dynamodb.DynamoDB {
	t.Helper()
	c := dynamodb.New(awsSession(t, srv, retries))
	AWS(c.Client)
	return c
}

func TestAWSDynamoDBGetItem(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 2)
	root, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{
			TableName:              aws.String("orders"),
			ConsistentRead:         aws.Bool(true),
			Key:                    map[string]*dynamodb.AttributeValue{"id": {S: aws.String("1")}},
			ReturnConsumedCapacity: aws.String("TOTAL"),
		})
		return err
	})
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	if op["name"] != "dynamodb" || op["namespace"] != "aws" {
		t.Errorf("operation subsegment %v", op)
	}
	if awsFlag(op, "fault") || awsFlag(op, "error") || awsFlag(op, "throttle") || op["in_progress"] != nil {
		t.Errorf("flags on a successful call: %v", op)
	}
	// Unset parameters (ProjectionExpression) are left out, not null.
	awsAssertBlock(t, op, map[string]interface{}{
		"operation":         "GetItem",
		"region":            "us-west-2",
		"request_id":        awsfake.RequestID(1),
		"retries":           float64(0),
		"table_name":        "orders",
		"consistent_read":   true,
		"consumed_capacity": map[string]interface{}{"CapacityUnits": 0.5, "GlobalSecondaryIndexes": nil, "LocalSecondaryIndexes": nil, "ReadCapacityUnits": nil, "Table": nil, "TableName": "orders", "WriteCapacityUnits": nil},
	})
	resp := obj(t, obj(t, op, "http"), "response")
	if resp["status"] != float64(200) || resp["content_length"].(float64) <= 0 {
		t.Errorf("http.response %v", resp)
	}
	if got := awsChildNames(t, op); !reflect.DeepEqual(got, []string{"marshal", "attempt", "unmarshal"}) {
		t.Errorf("children %v", got)
	}
	attempt := awsChild(t, op, 1)
	// "response" exists when the request was reported written before the
	// answer arrived; net/http may report them in either order.
	if got := awsChildNames(t, attempt); !reflect.DeepEqual(got, []string{"connect", "request", "response"}) &&
		!reflect.DeepEqual(got, []string{"connect", "request"}) {
		t.Errorf("attempt children %v", got)
	}
	if got := awsChildNames(t, awsChild(t, attempt, 0)); !reflect.DeepEqual(got, []string{"dial"}) {
		t.Errorf("connect children %v", got)
	}
	for _, c := range subsegmentsOf(t, op) {
		if c["namespace"] != nil || c["aws"] != nil || awsFlag(c, "fault") {
			t.Errorf("child %v", c)
		}
	}
	reqs := srv.Requests()
	want := fmt.Sprintf("Root=%s;Parent=%s;Sampled=1", root["trace_id"], op["id"])
	if len(reqs) != 1 || reqs[0].TraceHeader != want || reqs[0].Target != "DynamoDB_20120810.GetItem" {
		t.Errorf("server saw %+v, want trace header %q", reqs, want)
	}
}

func TestAWSDynamoDBListTablesCounts(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 0)
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.ListTablesWithContext(ctx, &dynamodb.ListTablesInput{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	awsAssertBlock(t, op, map[string]interface{}{
		"operation": "ListTables", "region": "us-west-2", "request_id": awsfake.RequestID(1),
		"retries": float64(0), "table_count": float64(3),
	})
}

func TestAWSClientErrorIsAFault(t *testing.T) {
	srv := awsfake.New(t)
	srv.Push(awsfake.DynamoDBError(400, "ResourceNotFoundException"))
	db := newTracedDynamoDB(t, srv, 2)
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{TableName: aws.String("missing"), Key: map[string]*dynamodb.AttributeValue{}})
		return err
	})
	var rf awserr.RequestFailure
	if !awsRequestFailureAs(err, &rf) || rf.Code() != "ResourceNotFoundException" {
		t.Fatalf("err = %v", err)
	}
	// aws-sdk-go v1 calls record a fault for any error, never the error flag.
	if !awsFlag(op, "fault") || awsFlag(op, "error") || awsFlag(op, "throttle") {
		t.Errorf("flags %v", op)
	}
	ex := awsExceptions(t, op)
	if len(ex) != 1 || ex[0]["remote"] != true || !strings.Contains(str(t, ex[0], "message"), "ResourceNotFoundException") {
		t.Errorf("exceptions %v", ex)
	}
	if got := obj(t, obj(t, op, "http"), "response")["status"]; got != float64(400) {
		t.Errorf("status %v", got)
	}
	if got := awsChildNames(t, op); !reflect.DeepEqual(got, []string{"marshal", "attempt", "wait"}) {
		t.Errorf("children %v", got)
	}
	if a := awsChild(t, op, 1); !awsFlag(a, "fault") {
		t.Errorf("attempt closed without the error: %v", a)
	}
	if aws := awsBlockOf(t, op); aws["retries"] != float64(0) || aws["request_id"] != awsfake.RequestID(1) || aws["table_name"] != "missing" {
		t.Errorf("aws %v", aws)
	}
}

func TestAWSThrottlingIsRecorded(t *testing.T) {
	srv := awsfake.New(t)
	throttled := awsfake.DynamoDBError(400, "ProvisionedThroughputExceededException")
	srv.Push(throttled, throttled)
	db := newTracedDynamoDB(t, srv, 1)
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{TableName: aws.String("hot"), Key: map[string]*dynamodb.AttributeValue{}})
		return err
	})
	if err == nil {
		t.Fatal("no error")
	}
	if !awsFlag(op, "throttle") || !awsFlag(op, "fault") {
		t.Errorf("flags %v", op)
	}
	if got := awsBlockOf(t, op)["retries"]; got != float64(1) {
		t.Errorf("retries %v", got)
	}
	if got := awsChildNames(t, op); !reflect.DeepEqual(got, []string{"marshal", "attempt", "wait", "attempt", "wait"}) {
		t.Errorf("children %v", got)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestAWSServerErrorThenSuccess(t *testing.T) {
	srv := awsfake.New(t)
	srv.Push(awsfake.DynamoDBError(500, "InternalServerError"))
	db := newTracedDynamoDB(t, srv, 2)
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]*dynamodb.AttributeValue{}})
		return err
	})
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	if awsFlag(op, "fault") || awsFlag(op, "error") || op["cause"] != nil {
		t.Errorf("the call succeeded but %v", op)
	}
	if got := awsChildNames(t, op); !reflect.DeepEqual(got, []string{"marshal", "attempt", "wait", "attempt", "unmarshal"}) {
		t.Errorf("children %v", got)
	}
	if first := awsChild(t, op, 1); !awsFlag(first, "fault") {
		t.Errorf("failed attempt not faulted: %v", first)
	}
	if second := awsChild(t, op, 3); awsFlag(second, "fault") {
		t.Errorf("second attempt faulted: %v", second)
	}
	aws := awsBlockOf(t, op)
	if aws["retries"] != float64(1) || aws["request_id"] != awsfake.RequestID(2) {
		t.Errorf("aws %v", aws)
	}
	if got := obj(t, obj(t, op, "http"), "response")["status"]; got != float64(200) {
		t.Errorf("status %v", got)
	}
	reqs := srv.Requests()
	want := fmt.Sprintf(";Parent=%s;Sampled=1", op["id"])
	if len(reqs) != 2 || !strings.HasSuffix(reqs[0].TraceHeader, want) || reqs[0].TraceHeader != reqs[1].TraceHeader {
		t.Errorf("trace headers %+v, want both ending in %q", reqs, want)
	}
}

func TestAWSS3(t *testing.T) {
	srv := awsfake.New(t)
	c := s3.New(awsSession(t, srv, 0))
	AWS(c.Client)

	_, op, err := awsCall(t, func(ctx context.Context) error {
		out, err := c.GetObjectWithContext(ctx, &s3.GetObjectInput{Bucket: aws.String("bucket"), Key: aws.String("a/key")})
		if err == nil {
			out.Body.Close()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if op["name"] != "s3" {
		t.Errorf("name %v", op["name"])
	}
	awsAssertBlock(t, op, map[string]interface{}{
		"operation": "GetObject", "region": "us-west-2", "request_id": awsfake.RequestID(1),
		"retries": float64(0), "bucket_name": "bucket", "key": "a/key", "id_2": awsfake.ID2,
	})
	if got := obj(t, obj(t, op, "http"), "response"); got["status"] != float64(200) || got["content_length"] != float64(5) {
		t.Errorf("http.response %v", got)
	}

	_, op, err = awsCall(t, func(ctx context.Context) error {
		_, err := c.ListObjectsWithContext(ctx, &s3.ListObjectsInput{Bucket: aws.String("bucket")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := awsBlockOf(t, op); got["object_count"] != float64(2) || got["bucket_name"] != "bucket" {
		t.Errorf("ListObjects aws %v", got)
	}

	_, op, err = awsCall(t, func(ctx context.Context) error {
		_, err := c.ListBucketsWithContext(ctx, &s3.ListBucketsInput{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := awsBlockOf(t, op); got["bucket_count"] != float64(2) {
		t.Errorf("ListBuckets aws %v", got)
	}

	// An unknown length is recorded as -1.
	srv.Push(awsfake.S3Object("streamed", true))
	_, op, err = awsCall(t, func(ctx context.Context) error {
		out, err := c.GetObjectWithContext(ctx, &s3.GetObjectInput{Bucket: aws.String("bucket"), Key: aws.String("big")})
		if err == nil {
			out.Body.Close()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := obj(t, obj(t, op, "http"), "response"); got["status"] != float64(200) || got["content_length"] != float64(-1) {
		t.Errorf("chunked http.response %v", got)
	}

	srv.Push(awsfake.S3Error(404, "NoSuchKey"))
	_, op, err = awsCall(t, func(ctx context.Context) error {
		_, err := c.GetObjectWithContext(ctx, &s3.GetObjectInput{Bucket: aws.String("bucket"), Key: aws.String("gone")})
		return err
	})
	if err == nil || !awsFlag(op, "fault") || awsBlockOf(t, op)["id_2"] != awsfake.ID2 {
		t.Errorf("NoSuchKey: err %v, op %v", err, op)
	}
}

func TestAWSSQS(t *testing.T) {
	srv := awsfake.New(t)
	c := sqs.New(awsSession(t, srv, 0))
	AWS(c.Client)
	queue := srv.URL + "/123456789012/q"

	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := c.SendMessageWithContext(ctx, &sqs.SendMessageInput{
			QueueUrl:    aws.String(queue),
			MessageBody: aws.String("body"),
			MessageAttributes: map[string]*sqs.MessageAttributeValue{
				"zeta":  {DataType: aws.String("String"), StringValue: aws.String("z")},
				"alpha": {DataType: aws.String("String"), StringValue: aws.String("a")},
			},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	awsAssertBlock(t, op, map[string]interface{}{
		"operation": "SendMessage", "region": "us-west-2", "request_id": awsfake.RequestID(1), "retries": float64(0),
		"queue_url": queue, "message_id": "m-1", "message_attribute_names": []interface{}{"alpha", "zeta"},
	})

	_, op, err = awsCall(t, func(ctx context.Context) error {
		_, err := c.ReceiveMessageWithContext(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(queue), MaxNumberOfMessages: aws.Int64(5)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := awsBlockOf(t, op); got["message_count"] != float64(2) || got["max_number_of_messages"] != float64(5) || got["queue_url"] != queue {
		t.Errorf("ReceiveMessage aws %v", got)
	}
}

func TestAWSLambda(t *testing.T) {
	srv := awsfake.New(t)
	c := lambda.New(awsSession(t, srv, 0))
	AWS(c.Client)
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := c.InvokeWithContext(ctx, &lambda.InvokeInput{FunctionName: aws.String("fn"), Payload: []byte(`{}`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	awsAssertBlock(t, op, map[string]interface{}{
		"operation": "Invoke", "region": "us-west-2", "request_id": awsfake.RequestID(1), "retries": float64(0),
		"function_name": "fn", "status_code": float64(200),
	})

	srv.Push(awsfake.JSONError(http.StatusTooManyRequests, "TooManyRequestsException"))
	_, op, err = awsCall(t, func(ctx context.Context) error {
		_, err := c.InvokeWithContext(ctx, &lambda.InvokeInput{FunctionName: aws.String("fn")})
		return err
	})
	if err == nil || !awsFlag(op, "throttle") || !awsFlag(op, "fault") {
		t.Errorf("throttled Invoke: err %v, op %v", err, op)
	}
}

func TestAWSValidationFailureHasOnlyMarshal(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 0)
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{}) // TableName and Key are required
		return err
	})
	if err == nil {
		t.Fatal("no validation error")
	}
	if got := awsChildNames(t, op); !reflect.DeepEqual(got, []string{"marshal"}) {
		t.Errorf("children %v", got)
	}
	if !awsFlag(op, "fault") || len(srv.Requests()) != 0 {
		t.Errorf("op %v, %d requests", op, len(srv.Requests()))
	}
	// aws-sdk-go gives failed requests an empty response.
	if resp := obj(t, obj(t, op, "http"), "response"); len(resp) != 0 {
		t.Errorf("http.response %v", resp)
	}
}

func TestAWSUnsampledCallIsNotRecorded(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 0)
	rec := &testRecorder{notify: make(chan struct{}, 1)}
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: rec, SamplingStrategy: sampleNone{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, seg := BeginSegment(ctx, "unsampled")
	if _, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]*dynamodb.AttributeValue{}}); err != nil {
		t.Fatal(err)
	}
	seg.Close(nil)
	if rec.Pending() != 0 {
		t.Error("an unsampled trace was sent")
	}
	if reqs := srv.Requests(); len(reqs) != 1 || !strings.HasSuffix(reqs[0].TraceHeader, ";Sampled=0") {
		t.Errorf("trace header %+v", reqs)
	}
}

func TestAWSInstalledTwiceClosesEverything(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 0)
	AWS(db.Client)
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.ListTablesWithContext(ctx, &dynamodb.ListTablesInput{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	all := flatten(t, []map[string]interface{}{op})
	ops := 0
	for _, e := range all {
		if e.doc["in_progress"] != nil {
			t.Errorf("left open: %v", e.doc["name"])
		}
		if e.doc["name"] == "dynamodb" {
			ops++
		}
	}
	if ops != 2 {
		t.Errorf("%d operation subsegments, want 2 (one per installation)", ops)
	}
}

func TestAWSSessionTracesClientsCreatedFromIt(t *testing.T) {
	srv := awsfake.New(t)
	sess := AWSSession(awsSession(t, srv, 0))
	db := dynamodb.New(sess)
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.ListTablesWithContext(ctx, &dynamodb.ListTablesInput{})
		return err
	})
	if err != nil || op["name"] != "dynamodb" || awsBlockOf(t, op)["table_count"] != float64(3) {
		t.Errorf("err %v, op %v", err, op)
	}
	logs := captureLogs(t)
	if AWSSession(nil) != nil || AWSSessionWithWhitelist(nil, "") != nil {
		t.Error("nil session")
	}
	if got := awsErrorLines(logs); len(got) != 2 {
		t.Errorf("want an error line per nil session, got %q", got)
	}
}

func TestAWSNilClientPanics(t *testing.T) {
	for name, install := range map[string]func(){
		"Please initialize the provided AWS client before passing to the AWS() method.":              func() { AWS(nil) },
		"Please initialize the provided AWS client before passing to the AWSWithWhitelist() method.": func() { AWSWithWhitelist(nil, "") },
	} {
		func() {
			defer func() {
				if p := recover(); p != name {
					t.Errorf("panic %v, want %q", p, name)
				}
			}()
			install()
		}()
	}
}

func TestAWSDisabledSDKSendsNoHeader(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 0)
	ctx, _ := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	t.Setenv("AWS_XRAY_SDK_DISABLED", "true")
	if _, err := db.ListTablesWithContext(ctx, &dynamodb.ListTablesInput{}); err != nil {
		t.Fatal(err)
	}
	seg.Close(nil)
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].TraceHeader != "" {
		t.Errorf("requests %+v", reqs)
	}
}

// errorsAs is errors.As for awserr interfaces.
func awsRequestFailureAs(err error, target *awserr.RequestFailure) bool {
	rf, ok := err.(awserr.RequestFailure)
	if ok {
		*target = rf
	}
	return ok
}

func TestAWSConcurrentCallsUnderOneSegment(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 0)
	const calls = 12
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "fan-out")
	done := make(chan error, calls)
	for i := 0; i < calls; i++ {
		go func(i int) {
			_, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{
				TableName: aws.String(fmt.Sprintf("t%d", i)), Key: map[string]*dynamodb.AttributeValue{},
			})
			done <- err
		}(i)
	}
	for i := 0; i < calls; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	seg.Close(nil)
	// Each call has 4+ subsegments: streaming sends some on their own.
	var docs []map[string]interface{}
	for {
		docs = append(docs, rec.Recv(t, 1)...)
		if docs[len(docs)-1]["name"] == "fan-out" {
			break
		}
	}
	ops := 0
	for _, e := range flatten(t, docs) {
		if e.doc["in_progress"] != nil {
			t.Errorf("left open: %v", e.doc["name"])
		}
		if e.doc["name"] == "dynamodb" {
			ops++
		}
	}
	if ops != calls {
		t.Errorf("%d operation subsegments, want %d", ops, calls)
	}
}

func TestAWSConnectionFailure(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 0)
	srv.Close() // nothing listens any more
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.ListTablesWithContext(ctx, &dynamodb.ListTablesInput{})
		return err
	})
	if err == nil {
		t.Fatal("no error")
	}
	if !awsFlag(op, "fault") || awsFlag(op, "throttle") {
		t.Errorf("flags %v", op)
	}
	if got := awsChildNames(t, op); !reflect.DeepEqual(got, []string{"marshal", "attempt", "wait"}) {
		t.Fatalf("children %v", got)
	}
	attempt := awsChild(t, op, 1)
	if !awsFlag(attempt, "fault") {
		t.Errorf("attempt %v", attempt)
	}
	// The connection that never opened is closed with the error.
	connect := awsChild(t, attempt, 0)
	if connect["name"] != "connect" || !awsFlag(connect, "fault") || connect["in_progress"] != nil {
		t.Errorf("connect %v", connect)
	}
	if resp := obj(t, obj(t, op, "http"), "response"); len(resp) != 0 {
		t.Errorf("http.response %v", resp)
	}
}

func TestAWSInLambda(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 0)
	ctx, rec := newTestRecorder(t)
	//lint:ignore SA1029 the Lambda runtime stores the trace header under this string key
	ctx = context.WithValue(ctx, LambdaTraceHeaderKey, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
	if _, err := db.ListTablesWithContext(ctx, &dynamodb.ListTablesInput{}); err != nil {
		t.Fatal(err)
	}
	op := rec.Recv(t, 1)[0]
	if op["name"] != "dynamodb" || op["type"] != "subsegment" || op["parent_id"] != "53995c3f42cd8ad8" ||
		op["trace_id"] != "1-5759e988-bd862e3fe1be46a994272793" || awsBlockOf(t, op)["table_count"] != float64(3) {
		t.Errorf("operation document %v", op)
	}
	if got := awsChildNames(t, op); !reflect.DeepEqual(got, []string{"marshal", "attempt", "unmarshal"}) {
		t.Errorf("children %v", got)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || !strings.HasPrefix(reqs[0].TraceHeader, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent="+op["id"].(string)) {
		t.Errorf("trace header %+v", reqs)
	}
}
