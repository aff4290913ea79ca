//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; these tests exercise its instrumentation.

package xray

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/endpoints"
	"github.com/aws/aws-sdk-go/service/dynamodb"
	"github.com/aws/aws-sdk-go/service/s3"
	"github.com/aws/aws-sdk-go/service/s3/s3manager"

	"github.com/aws/aws-xray-sdk-go/internal/awsfake"
	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
)

// Calls made without a segment go through untraced: the context-missing
// strategy hears about each call once, nothing panics (unless the strategy
// does), and no trace header is sent.

// missingCtx returns a context without a segment whose context-missing
// strategy is s.
func missingCtx(t *testing.T, s ctxmissing.Strategy) context.Context {
	t.Helper()
	ctx, err := ContextWithConfig(context.Background(), Config{ContextMissingStrategy: s, SamplingStrategy: sampleAll{}})
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

const s3MissingLine = "ERROR Suppressing AWS X-Ray context missing panic: failed to begin subsegment named 's3': segment cannot be found."

func TestAWSPresignWithoutSegment(t *testing.T) {
	srv := awsfake.New(t)
	c := s3.New(awsSession(t, srv, 0))
	AWS(c.Client)
	for _, tc := range []struct {
		name  string
		s     ctxmissing.Strategy
		lines []string
	}{
		{"LOG_ERROR", ctxmissing.NewDefaultLogErrorStrategy(), []string{s3MissingLine}},
		{"IGNORE_ERROR", ctxmissing.NewDefaultIgnoreErrorStrategy(), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs := captureLogs(t)
			req, _ := c.GetObjectRequest(&s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("k")})
			req.SetContext(missingCtx(t, tc.s))
			url, err := req.Presign(time.Minute)
			if err != nil || !strings.Contains(url, "X-Amz-Signature=") {
				t.Fatalf("Presign: %q, %v", url, err)
			}
			if got := awsErrorLines(logs); strings.Join(got, "\n") != strings.Join(tc.lines, "\n") {
				t.Errorf("logs %q, want %q", got, tc.lines)
			}
		})
	}
}

func TestAWSPresignWithSegmentRecordsNothing(t *testing.T) {
	srv := awsfake.New(t)
	c := s3.New(awsSession(t, srv, 0))
	AWS(c.Client)
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	req, _ := c.PutObjectRequest(&s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k")})
	req.SetContext(ctx)
	url, err := req.Presign(time.Minute)
	if err != nil || strings.Contains(strings.ToLower(url), "trace-id") {
		t.Fatalf("Presign: %q, %v", url, err)
	}
	seg.Close(nil)
	doc := rec.Recv(t, 1)[0]
	if subs := subsegmentsOf(t, doc); len(subs) != 0 {
		t.Errorf("presigning left subsegments: %v", subs)
	}
}

func TestAWSCallWithoutSegment(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 2)
	const line = "ERROR Suppressing AWS X-Ray context missing panic: failed to begin subsegment named 'dynamodb': segment cannot be found."
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
			// A retried call: the strategy still hears about it once.
			srv.Push(awsfake.DynamoDBError(500, "InternalServerError"))
			before := len(srv.Requests())
			_, err := db.GetItemWithContext(missingCtx(t, tc.s), &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]*dynamodb.AttributeValue{}})
			if err != nil {
				t.Fatalf("GetItem: %v", err)
			}
			if got := awsErrorLines(logs); strings.Join(got, "\n") != strings.Join(tc.lines, "\n") {
				t.Errorf("logs %q, want %q", got, tc.lines)
			}
			reqs := srv.Requests()[before:]
			if len(reqs) != 2 || reqs[0].TraceHeader != "" || reqs[1].TraceHeader != "" {
				t.Errorf("requests %+v", reqs)
			}
		})
	}
}

func TestAWSCallWithoutSegmentRuntimeError(t *testing.T) {
	srv := awsfake.New(t)
	db := newTracedDynamoDB(t, srv, 0)
	defer func() {
		p := recover()
		if msg, _ := p.(string); !strings.Contains(msg, "failed to begin subsegment named 'dynamodb'") {
			t.Errorf("panic %v, want the RUNTIME_ERROR strategy's", p)
		}
	}()
	_, _ = db.ListTablesWithContext(missingCtx(t, ctxmissing.NewDefaultRuntimeErrorStrategy()), &dynamodb.ListTablesInput{})
}

func TestAWSS3ManagerWithoutSegment(t *testing.T) {
	srv := awsfake.New(t)
	c := s3.New(awsSession(t, srv, 0))
	AWS(c.Client)
	logs := captureLogs(t)
	up := s3manager.NewUploaderWithClient(c)
	_, err := up.UploadWithContext(missingCtx(t, ctxmissing.NewDefaultLogErrorStrategy()), &s3manager.UploadInput{
		Bucket: aws.String("b"), Key: aws.String("k"), Body: strings.NewReader("payload"),
	})
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if got := awsErrorLines(logs); len(got) != 1 || got[0] != s3MissingLine {
		t.Errorf("logs %q", got)
	}
}

func TestAWSEndpointDiscoveryIsUntraced(t *testing.T) {
	srv := awsfake.New(t)
	resolver := endpoints.ResolverFunc(func(service, region string, opts ...func(*endpoints.Options)) (endpoints.ResolvedEndpoint, error) {
		return endpoints.ResolvedEndpoint{URL: srv.URL, SigningRegion: region}, nil
	})
	sess := awsSession(t, srv, 0, func(c *aws.Config) {
		c.Endpoint = nil // a custom endpoint turns discovery off
		c.EndpointResolver = resolver
		c.EnableEndpointDiscovery = aws.Bool(true)
	})
	db := dynamodb.New(sess)
	AWS(db.Client)
	logs := captureLogs(t)
	keepGlobalConfig(t)
	if err := Configure(Config{ContextMissingStrategy: ctxmissing.NewDefaultLogErrorStrategy()}); err != nil {
		t.Fatal(err)
	}

	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.ListTablesWithContext(ctx, &dynamodb.ListTablesInput{})
		return err
	})
	if err != nil || op["name"] != "dynamodb" || awsBlockOf(t, op)["operation"] != "ListTables" {
		t.Fatalf("err %v, op %v", err, op)
	}
	// The discovery call runs in the background, with no context.
	deadline := time.After(recvTimeout)
	for discovered := false; !discovered; {
		select {
		case r := <-srv.Seen():
			discovered = r.Target == "DynamoDB_20120810.DescribeEndpoints"
		case <-deadline:
			t.Fatal("no DescribeEndpoints call")
		}
	}
	want := "ERROR Suppressing AWS X-Ray context missing panic: failed to begin subsegment named 'dynamodb': segment cannot be found."
	if got := awsErrorLines(logs); len(got) != 1 || got[0] != want {
		t.Errorf("logs %q", got)
	}
}
