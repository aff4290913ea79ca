package e2e

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-xray-sdk-go/instrumentation/awsv2"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// TestAWSV2DynamoDB sends the subsegments of AWS SDK for Go v2 DynamoDB
// calls, instrumented with awsv2.AWSV2Instrumentor, against a fake
// DynamoDB endpoint on loopback: a successful ListTables and a GetItem
// answered ResourceNotFoundException.
func TestAWSV2DynamoDB(t *testing.T) {
	c := setup(t)
	fake := httptest.NewServer(http.HandlerFunc(fakeDynamoDB))
	t.Cleanup(fake.Close)

	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	opts := dynamodb.Options{
		Region:       fakeRegion,
		Credentials:  credentials.NewStaticCredentialsProvider(fakeAccessKey, "e2e-fake-secret-key", ""),
		BaseEndpoint: aws.String(fake.URL),
		HTTPClient:   &http.Client{Transport: transport},
		Retryer:      aws.NopRetryer{},
	}
	awsv2.AWSV2Instrumentor(&opts.APIOptions)
	db := dynamodb.New(opts)

	ctx, root := xray.BeginSegment(context.Background(), "e2e-awsv2")
	traceID, _ := ids(root)
	out, err := db.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil || len(out.TableNames) != 1 {
		t.Fatalf("ListTables = %v, %v", out, err)
	}
	_, err = db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String("missing"),
		Key:       map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "1"}},
	})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Fatalf("GetItem error %v, want ResourceNotFoundException", err)
	}
	root.Close(nil)

	spans := c.waitTrace(t, traceID, 3)
	r := byName(t, spans, "e2e-awsv2")
	calls := named(spans, "DynamoDB")
	if len(calls) != 2 {
		t.Fatalf("want 2 DynamoDB subsegments:\n%s", describe(spans))
	}
	for i, op := range []string{"ListTables", "GetItem"} {
		s := calls[i]
		wantChild(t, r, s)
		if s.Kind != kindClient {
			t.Errorf("%s: kind %d, want client (namespace aws)", op, s.Kind)
		}
		s.wantAttr(t, "aws.service", "DynamoDB")
		s.wantAttr(t, "aws.operation", op)
		s.wantAttr(t, "aws.region", fakeRegion)
		s.wantAttr(t, "aws.request_id", "e2e-request-"+op)
	}
	calls[0].wantAttr(t, "http.status_code", int64(200))
	if calls[0].Status != statusUnset {
		t.Errorf("ListTables status %d", calls[0].Status)
	}
	calls[1].wantAttr(t, "http.status_code", int64(400))
	wantException(t, calls[1], "", "Requested resource not found")
}

// fakeDynamoDB answers ListTables with one table and every other operation
// with ResourceNotFoundException, the way DynamoDB's JSON protocol does.
func fakeDynamoDB(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_20120810.")
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("x-amzn-RequestId", "e2e-request-"+op)
	if op == "ListTables" {
		_, _ = w.Write([]byte(`{"TableNames":["orders"]}`))
		return
	}
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte(`{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}`))
}
