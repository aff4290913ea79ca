package awsv2_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/aws/aws-xray-sdk-go/instrumentation/awsv2"
	"github.com/aws/aws-xray-sdk-go/internal/awsfake"
	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
	"github.com/aws/aws-xray-sdk-go/xray"
)

func newDynamoDB(t testing.TB, srv *awsfake.Server, attempts int) *dynamodb.Client {
	t.Helper()
	o := newClientOptions(t, srv, attempts)
	return dynamodb.New(dynamodb.Options{
		Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint,
		HTTPClient: o.HTTPClient, Retryer: o.Retryer, APIOptions: o.APIOptions,
	})
}

func getItem(ctx context.Context, db *dynamodb.Client, table string) error {
	_, err := db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:              aws.String(table),
		ConsistentRead:         aws.Bool(true),
		Key:                    map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: "1"}},
		ReturnConsumedCapacity: ddbtypes.ReturnConsumedCapacityTotal,
	})
	return err
}

func TestDynamoDBGetItem(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	db := newDynamoDB(t, srv, 3)
	root, sub, err := call(t, d, func(ctx context.Context) error { return getItem(ctx, db, "orders") })
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	if sub["name"] != "DynamoDB" || sub["namespace"] != "aws" || sub["in_progress"] != nil {
		t.Errorf("subsegment %v", sub)
	}
	if flag(sub, "fault") || flag(sub, "error") || flag(sub, "throttle") || sub["subsegments"] != nil {
		t.Errorf("subsegment %v", sub)
	}
	// The whitelist applies to v2 as to v1: table_name, consistent_read
	// and consumed_capacity, nothing for unset parameters.
	assertAWS(t, sub, map[string]interface{}{
		"consistent_read": true,
		"consumed_capacity": map[string]interface{}{
			"CapacityUnits": 0.5, "GlobalSecondaryIndexes": nil, "LocalSecondaryIndexes": nil,
			"ReadCapacityUnits": nil, "Table": nil, "TableName": "orders", "VectorIndexes": nil, "WriteCapacityUnits": nil,
		},
		"operation":  "GetItem",
		"region":     "us-west-2",
		"request_id": awsfake.RequestID(1),
		"retries":    0,
		"table_name": "orders",
	})
	if resp := response(t, sub); resp["status"] != float64(200) || resp["content_length"].(float64) <= 0 {
		t.Errorf("http.response %v", resp)
	}
	reqs := srv.Requests()
	want := fmt.Sprintf("Root=%s;Parent=%s;Sampled=1", root["trace_id"], sub["id"])
	if len(reqs) != 1 || reqs[0].TraceHeader != want {
		t.Errorf("requests %+v, want trace header %q", reqs, want)
	}
}

func TestClientErrorSetsErrorAndFault(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	srv.Push(awsfake.DynamoDBError(400, "ResourceNotFoundException"))
	db := newDynamoDB(t, srv, 3)
	_, sub, err := call(t, d, func(ctx context.Context) error { return getItem(ctx, db, "missing") })
	var notFound *ddbtypes.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Fatalf("err = %v", err)
	}
	if !flag(sub, "error") || !flag(sub, "fault") || flag(sub, "throttle") {
		t.Errorf("flags %v", sub)
	}
	if resp := response(t, sub); resp["status"] != float64(400) {
		t.Errorf("http.response %v", resp)
	}
	aws := obj(t, sub, "aws")
	if aws["retries"] != float64(0) || aws["request_id"] != awsfake.RequestID(1) || aws["table_name"] != "missing" {
		t.Errorf("aws %v", aws)
	}
	if _, ok := aws["consumed_capacity"]; ok {
		t.Errorf("output fields of a failed call: %v", aws)
	}
	ex := obj(t, sub, "cause")["exceptions"].([]interface{})
	if len(ex) != 1 || !strings.Contains(ex[0].(map[string]interface{})["message"].(string), "ResourceNotFoundException") {
		t.Errorf("exceptions %v", ex)
	}
}

func TestThrottling(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	throttled := awsfake.DynamoDBError(400, "ProvisionedThroughputExceededException")
	srv.Push(throttled, throttled)
	db := newDynamoDB(t, srv, 2)
	_, sub, err := call(t, d, func(ctx context.Context) error { return getItem(ctx, db, "hot") })
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ProvisionedThroughputExceededException" {
		t.Fatalf("err = %v", err)
	}
	// Status classification only: DynamoDB throttles with a 400.
	if !flag(sub, "error") || !flag(sub, "fault") || flag(sub, "throttle") {
		t.Errorf("flags %v", sub)
	}
	if aws := obj(t, sub, "aws"); aws["retries"] != float64(1) || aws["request_id"] != awsfake.RequestID(2) {
		t.Errorf("aws %v", aws)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestTooManyRequestsIsAThrottle(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	srv.Push(awsfake.JSONError(http.StatusTooManyRequests, "TooManyRequestsException"))
	o := newClientOptions(t, srv, 1)
	c := lambda.New(lambda.Options{
		Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint,
		HTTPClient: o.HTTPClient, Retryer: o.Retryer, APIOptions: o.APIOptions,
	})
	_, sub, err := call(t, d, func(ctx context.Context) error {
		_, err := c.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("fn")})
		return err
	})
	if err == nil || !flag(sub, "throttle") || !flag(sub, "error") || !flag(sub, "fault") {
		t.Errorf("err %v, subsegment %v", err, sub)
	}
	if resp := response(t, sub); resp["status"] != float64(429) {
		t.Errorf("http.response %v", resp)
	}
}

func TestServerErrorThenSuccess(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	srv.Push(awsfake.DynamoDBError(500, "InternalServerError"))
	db := newDynamoDB(t, srv, 3)
	_, sub, err := call(t, d, func(ctx context.Context) error { return getItem(ctx, db, "t") })
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	// The last attempt decides the status and the flags.
	if flag(sub, "fault") || flag(sub, "error") || sub["cause"] != nil {
		t.Errorf("a successful call recorded %v", sub)
	}
	if resp := response(t, sub); resp["status"] != float64(200) {
		t.Errorf("http.response %v", resp)
	}
	aws := obj(t, sub, "aws")
	if aws["retries"] != float64(1) || aws["request_id"] != awsfake.RequestID(2) || aws["table_name"] != "t" {
		t.Errorf("aws %v", aws)
	}
	reqs := srv.Requests()
	want := fmt.Sprintf(";Parent=%s;Sampled=1", sub["id"])
	if len(reqs) != 2 || !strings.HasSuffix(reqs[1].TraceHeader, want) || reqs[0].TraceHeader != reqs[1].TraceHeader {
		t.Errorf("trace headers %+v, want both ending in %q", reqs, want)
	}
}

func TestS3(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	o := newClientOptions(t, srv, 1)
	c := s3.New(s3.Options{
		Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint,
		HTTPClient: o.HTTPClient, Retryer: o.Retryer, APIOptions: o.APIOptions, UsePathStyle: true,
	})
	_, sub, err := call(t, d, func(ctx context.Context) error {
		out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bucket"), Key: aws.String("a/key")})
		if err == nil {
			out.Body.Close()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if sub["name"] != "S3" {
		t.Errorf("name %v", sub["name"])
	}
	assertAWS(t, sub, map[string]interface{}{
		"bucket_name": "bucket", "id_2": awsfake.ID2, "key": "a/key", "operation": "GetObject",
		"region": "us-west-2", "request_id": awsfake.RequestID(1), "retries": 0,
	})
	if resp := response(t, sub); resp["status"] != float64(200) || resp["content_length"] != float64(5) {
		t.Errorf("http.response %v", resp)
	}

	_, sub, err = call(t, d, func(ctx context.Context) error {
		_, err := c.ListBuckets(ctx, &s3.ListBucketsInput{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws := obj(t, sub, "aws"); aws["bucket_count"] != float64(2) {
		t.Errorf("ListBuckets aws %v", aws)
	}

	// An unknown length is recorded as -1.
	srv.Push(awsfake.S3Object("streamed", true))
	_, sub, err = call(t, d, func(ctx context.Context) error {
		out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bucket"), Key: aws.String("big")})
		if err == nil {
			out.Body.Close()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp := response(t, sub); resp["status"] != float64(200) || resp["content_length"] != float64(-1) {
		t.Errorf("chunked http.response %v", resp)
	}

	srv.Push(awsfake.S3Error(404, "NoSuchKey"))
	_, sub, err = call(t, d, func(ctx context.Context) error {
		_, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bucket"), Key: aws.String("gone")})
		return err
	})
	if err == nil || !flag(sub, "error") || obj(t, sub, "aws")["id_2"] != awsfake.ID2 {
		t.Errorf("NoSuchKey: err %v, subsegment %v", err, sub)
	}
}

func TestSQS(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	o := newClientOptions(t, srv, 1)
	c := sqs.New(sqs.Options{
		Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint,
		HTTPClient: o.HTTPClient, Retryer: o.Retryer, APIOptions: o.APIOptions,
	})
	queue := srv.URL + "/123456789012/q"
	_, sub, err := call(t, d, func(ctx context.Context) error {
		_, err := c.SendMessage(ctx, &sqs.SendMessageInput{
			QueueUrl:    aws.String(queue),
			MessageBody: aws.String("body"),
			MessageAttributes: map[string]sqstypes.MessageAttributeValue{
				"zeta":  {DataType: aws.String("String"), StringValue: aws.String("z")},
				"alpha": {DataType: aws.String("String"), StringValue: aws.String("a")},
			},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	assertAWS(t, sub, map[string]interface{}{
		"message_attribute_names": []string{"alpha", "zeta"}, "message_id": "m-1", "operation": "SendMessage",
		"queue_url": queue, "region": "us-west-2", "request_id": awsfake.RequestID(1), "retries": 0,
	})

	_, sub, err = call(t, d, func(ctx context.Context) error {
		_, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(queue), MaxNumberOfMessages: 5})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws := obj(t, sub, "aws"); aws["message_count"] != float64(2) || aws["max_number_of_messages"] != float64(5) ||
		aws["queue_url"] != queue {
		t.Errorf("ReceiveMessage aws %v", aws)
	}
}

func TestLambdaInvoke(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	o := newClientOptions(t, srv, 1)
	c := lambda.New(lambda.Options{
		Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint,
		HTTPClient: o.HTTPClient, Retryer: o.Retryer, APIOptions: o.APIOptions,
	})
	_, sub, err := call(t, d, func(ctx context.Context) error {
		_, err := c.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("fn"), Payload: []byte(`{}`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	assertAWS(t, sub, map[string]interface{}{
		"function_name": "fn", "operation": "Invoke", "region": "us-west-2",
		"request_id": awsfake.RequestID(1), "retries": 0, "status_code": 200,
	})
}

func TestConnectionFailure(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	db := newDynamoDB(t, srv, 2)
	srv.Close() // nothing listens any more
	_, sub, err := call(t, d, func(ctx context.Context) error { return getItem(ctx, db, "t") })
	if err == nil {
		t.Fatal("no error")
	}
	if !flag(sub, "fault") || flag(sub, "error") || flag(sub, "throttle") {
		t.Errorf("subsegment %v", sub)
	}
	// The SDK hands over an empty response for a failed send, as v1 does.
	if resp := response(t, sub); len(resp) != 0 {
		t.Errorf("http.response %v", resp)
	}
	if aws := obj(t, sub, "aws"); aws["retries"] != float64(1) || aws["request_id"] != nil || aws["table_name"] != "t" {
		t.Errorf("aws %v", aws)
	}
}

func TestCallWithoutSegment(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	db := newDynamoDB(t, srv, 3)
	const line = "ERROR Suppressing AWS X-Ray context missing panic: failed to begin subsegment named 'DynamoDB': segment cannot be found."
	for _, tc := range []struct {
		name  string
		s     ctxmissing.Strategy
		lines []string
	}{
		{"LOG_ERROR", ctxmissing.NewDefaultLogErrorStrategy(), []string{line}},
		{"IGNORE_ERROR", ctxmissing.NewDefaultIgnoreErrorStrategy(), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs := captureLogs(t)
			srv.Push(awsfake.DynamoDBError(500, "InternalServerError"))
			before := len(srv.Requests())
			if err := getItem(d.context(t, sampleAll, tc.s), db, "t"); err != nil {
				t.Fatalf("GetItem: %v", err)
			}
			if got := logs.Lines(); strings.Join(got, "\n") != strings.Join(tc.lines, "\n") {
				t.Errorf("logs %q, want %q", got, tc.lines)
			}
			if reqs := srv.Requests()[before:]; len(reqs) != 2 || reqs[0].TraceHeader != "" || reqs[1].TraceHeader != "" {
				t.Errorf("requests %+v", reqs)
			}
			d.expectNone(t)
		})
	}
}

func TestUnsampledCall(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	db := newDynamoDB(t, srv, 1)
	ctx, seg := xray.BeginSegment(d.context(t, sampleNone, nil), "unsampled")
	if err := getItem(ctx, db, "t"); err != nil {
		t.Fatal(err)
	}
	seg.Close(nil)
	if reqs := srv.Requests(); len(reqs) != 1 || !strings.HasSuffix(reqs[0].TraceHeader, ";Sampled=0") {
		t.Errorf("requests %+v", reqs)
	}
	d.expectNone(t)
}

func TestDisabledSDKSendsNoHeader(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	db := newDynamoDB(t, srv, 1)
	ctx, seg := xray.BeginSegment(d.context(t, sampleAll, nil), "root")
	t.Setenv("AWS_XRAY_SDK_DISABLED", "true")
	if err := getItem(ctx, db, "t"); err != nil {
		t.Fatal(err)
	}
	seg.Close(nil)
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].TraceHeader != "" {
		t.Errorf("requests %+v", reqs)
	}
}

func TestInstrumentedTwiceTracesOnce(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	o := newClientOptions(t, srv, 1)
	awsv2.AWSV2Instrumentor(&o.APIOptions)
	db := dynamodb.New(dynamodb.Options{
		Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint,
		HTTPClient: o.HTTPClient, Retryer: o.Retryer, APIOptions: o.APIOptions,
	})
	// Per-call options add the middleware a third time.
	_, sub, err := call(t, d, func(ctx context.Context) error {
		_, err := db.ListTables(ctx, &dynamodb.ListTablesInput{}, func(o *dynamodb.Options) {
			awsv2.AWSV2Instrumentor(&o.APIOptions)
		})
		return err
	})
	if err != nil || sub["subsegments"] != nil || obj(t, sub, "aws")["table_count"] != float64(3) {
		t.Errorf("err %v, subsegment %v", err, sub)
	}
}

func TestWrappedHTTPClientRecordsTheExchange(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	o := newClientOptions(t, srv, 1)
	db := dynamodb.New(dynamodb.Options{
		Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint,
		HTTPClient: xray.Client(o.HTTPClient), Retryer: o.Retryer, APIOptions: o.APIOptions,
	})
	_, sub, err := call(t, d, func(ctx context.Context) error { return getItem(ctx, db, "t") })
	if err != nil {
		t.Fatal(err)
	}
	subs, _ := sub["subsegments"].([]interface{})
	if len(subs) != 1 {
		t.Fatalf("subsegments %v", sub["subsegments"])
	}
	exchange := subs[0].(map[string]interface{})
	host := strings.TrimPrefix(srv.URL, "http://")
	if exchange["name"] != host || exchange["namespace"] != "remote" {
		t.Errorf("exchange %v", exchange)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || !strings.Contains(reqs[0].TraceHeader, ";Parent="+exchange["id"].(string)+";") {
		t.Errorf("trace header %+v, want the exchange as parent", reqs)
	}
}

func TestNilOptionsAreIgnored(t *testing.T) {
	logs := captureLogs(t)
	awsv2.AWSV2Instrumentor(nil)
	if got := logs.Lines(); len(got) != 1 || !strings.HasPrefix(got[0], "ERROR xray: AWSV2Instrumentor") {
		t.Errorf("logs %q", got)
	}
}

func TestStackErrorsAreReturned(t *testing.T) {
	var opts []func(*middleware.Stack) error
	awsv2.AWSV2Instrumentor(&opts)
	stack := middleware.NewStack("op", nil)
	if err := opts[0](stack); err != nil {
		t.Fatal(err)
	}
	if got := stack.Initialize.List(); len(got) != 1 || got[0] != "XRayInitializeMiddlewareAfter" {
		t.Errorf("initialize step %v", got)
	}
	if got := stack.Deserialize.List(); len(got) != 1 || got[0] != "XRayDeserializeMiddleware" {
		t.Errorf("deserialize step %v", got)
	}
}

func TestConcurrentCallsUnderOneSegment(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	db := newDynamoDB(t, srv, 1)
	ctx, seg := xray.BeginSegment(d.context(t, sampleAll, nil), "fan-out")
	var wg sync.WaitGroup
	const calls = 16
	for i := 0; i < calls; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := getItem(ctx, db, fmt.Sprintf("t%d", i)); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	seg.Close(nil)
	// Streaming may send some subsegments on their own; count them all.
	docs := d.recv(t, 1)
	count := 0
	var walk func(m map[string]interface{})
	walk = func(m map[string]interface{}) {
		if m["name"] == "DynamoDB" {
			count++
		}
		for _, c := range asList(m["subsegments"]) {
			walk(c.(map[string]interface{}))
		}
	}
	for len(docs) > 0 {
		walk(docs[0])
		if docs[0]["name"] == "fan-out" {
			break
		}
		docs = d.recv(t, 1)
	}
	if count != calls {
		t.Errorf("%d call subsegments, want %d", count, calls)
	}
}

func asList(v interface{}) []interface{} {
	l, _ := v.([]interface{})
	return l
}

func TestPanicInTheStackIsRecorded(t *testing.T) {
	srv, d := awsfake.New(t), newDaemon(t)
	db := newDynamoDB(t, srv, 1)
	boom := func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Build.Add(middleware.BuildMiddlewareFunc("boom", func(context.Context, middleware.BuildInput, middleware.BuildHandler) (
				middleware.BuildOutput, middleware.Metadata, error,
			) {
				panic("boom")
			}), middleware.After)
		})
	}
	_, sub, _ := call(t, d, func(ctx context.Context) (err error) {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("panic %v, want boom", p)
			}
		}()
		_, err = db.ListTables(ctx, &dynamodb.ListTablesInput{}, boom)
		return err
	})
	if !flag(sub, "fault") || sub["in_progress"] != nil {
		t.Errorf("subsegment %v", sub)
	}
	ex := obj(t, sub, "cause")["exceptions"].([]interface{})
	if len(ex) != 1 || ex[0].(map[string]interface{})["message"] != "panic: boom" {
		t.Errorf("exceptions %v", ex)
	}
}
