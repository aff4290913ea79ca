//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; the SDK still instruments it, so its documents are tested.

package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/dynamodb"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// TestAWSV1DynamoDB sends the subsegments of AWS SDK for Go v1 DynamoDB
// calls instrumented with xray.AWS against a fake endpoint on loopback: a
// successful ListTables and a GetItem answered ResourceNotFoundException,
// each with its marshal, attempt (and HTTP) and unmarshal or wait steps.
func TestAWSV1DynamoDB(t *testing.T) {
	c := setup(t)
	fake := httptest.NewServer(http.HandlerFunc(fakeDynamoDB))
	t.Cleanup(fake.Close)

	// No keep-alive: each attempt dials, so both calls have the same shape.
	transport := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(transport.CloseIdleConnections)
	sess, err := session.NewSession(&aws.Config{
		Region:      aws.String(fakeRegion),
		Endpoint:    aws.String(fake.URL),
		Credentials: credentials.NewStaticCredentials(fakeAccessKey, "e2e-fake-secret-key", ""),
		MaxRetries:  aws.Int(0),
		HTTPClient:  &http.Client{Transport: transport},
	})
	if err != nil {
		t.Fatal(err)
	}
	db := dynamodb.New(sess)
	xray.AWS(db.Client)

	ctx, root := xray.BeginSegment(context.Background(), "e2e-awsv1")
	traceID, _ := ids(root)
	if out, err := db.ListTablesWithContext(ctx, &dynamodb.ListTablesInput{}); err != nil || len(out.TableNames) != 1 {
		t.Fatalf("ListTables = %v, %v", out, err)
	}
	_, err = db.GetItemWithContext(ctx, &dynamodb.GetItemInput{
		TableName: aws.String("missing"),
		Key:       map[string]*dynamodb.AttributeValue{"id": {S: aws.String("1")}},
	})
	if aerr, ok := err.(awserr.Error); !ok || aerr.Code() != dynamodb.ErrCodeResourceNotFoundException {
		t.Fatalf("GetItem error %v, want ResourceNotFoundException", err)
	}
	root.Close(nil)

	// root + per call: operation, marshal, attempt (connect, dial,
	// request, response) and unmarshal (success) or wait (failure). The
	// "response" step may be missing: the v1 SDK's request body is not an
	// in-memory reader, so net/http sends it before reporting the request
	// written, and the answer can arrive (and the attempt end) first.
	spans := c.waitTraceBetween(t, traceID, 1+2*7, 1+2*8)
	checkUnique(t, spans)
	r := byName(t, spans, "e2e-awsv1")
	calls := named(spans, "dynamodb")
	if len(calls) != 2 {
		t.Fatalf("want 2 dynamodb subsegments:\n%s", describe(spans))
	}
	for i, want := range []struct{ op, last string }{{"ListTables", "unmarshal"}, {"GetItem", "wait"}} {
		s := calls[i]
		wantChild(t, r, s)
		if s.Kind != kindClient {
			t.Errorf("%s: kind %d, want client (namespace aws)", want.op, s.Kind)
		}
		s.wantAttr(t, "aws.service", "dynamodb")
		s.wantAttr(t, "aws.operation", want.op)
		s.wantAttr(t, "aws.region", fakeRegion)
		s.wantAttr(t, "aws.request_id", "e2e-request-"+want.op)
		steps := childrenOf(spans, s)
		if got := joinNames(steps); got != "marshal,attempt,"+want.last {
			t.Errorf("%s: steps %s, want marshal,attempt,%s", want.op, got, want.last)
		}
		for _, step := range steps {
			wantChild(t, s, step)
			if step.Name == "attempt" {
				if got := joinNames(childrenOf(spans, step)); got != "connect,request,response" && got != "connect,request" {
					t.Errorf("%s: attempt children %s", want.op, got)
				}
			}
		}
	}
	calls[0].wantAttr(t, "http.status_code", int64(200))
	if calls[0].Status != statusUnset {
		t.Errorf("ListTables status %d", calls[0].Status)
	}
	calls[1].wantAttr(t, "http.status_code", int64(400))
	calls[1].wantAttr(t, "aws.table_name", "missing")
	wantException(t, calls[1], "", "Requested resource not found")
}
