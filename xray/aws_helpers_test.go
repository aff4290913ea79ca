//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; these tests exercise its instrumentation.

package xray

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/client"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/request"
	"github.com/aws/aws-sdk-go/aws/session"

	"github.com/aws/aws-xray-sdk-go/internal/awsfake"
)

// awsSession returns a session for real aws-sdk-go clients talking to srv
// with fake static credentials: region us-west-2, path-style S3, at most
// retries retries with 1 ms delays, no EC2 metadata and no shared config.
func awsSession(t *testing.T, srv *awsfake.Server, retries int, opts ...func(*aws.Config)) *session.Session {
	t.Helper()
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	// A transport of its own: the first call opens a connection (and
	// records "connect"); nothing is left behind for goleak.
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	cfg := aws.NewConfig().
		WithRegion("us-west-2").
		WithCredentials(credentials.NewStaticCredentials("AKIDEXAMPLE", "SECRET", "")).
		WithS3ForcePathStyle(true).
		WithEndpoint(srv.URL).
		WithHTTPClient(&http.Client{Transport: transport})
	cfg = request.WithRetryer(cfg, client.DefaultRetryer{
		NumMaxRetries:    retries,
		MinRetryDelay:    time.Millisecond,
		MaxRetryDelay:    time.Millisecond,
		MinThrottleDelay: time.Millisecond,
		MaxThrottleDelay: time.Millisecond,
	})
	for _, o := range opts {
		o(cfg)
	}
	sess, err := session.NewSessionWithOptions(session.Options{Config: *cfg, SharedConfigState: session.SharedConfigDisable})
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	return sess
}

// awsCall runs call inside a root segment and returns the root document
// and its operation subsegment (the only child of the root).
func awsCall(t *testing.T, call func(ctx context.Context) error) (root, op map[string]interface{}, err error) {
	t.Helper()
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "test")
	err = call(ctx)
	seg.Close(nil)
	root = rec.Recv(t, 1)[0]
	subs := subsegmentsOf(t, root)
	if len(subs) != 1 {
		t.Fatalf("root has %d subsegments, want 1: %v", len(subs), root)
	}
	if n := rec.Pending(); n != 0 {
		t.Errorf("%d extra documents", n)
	}
	return root, subs[0], err
}

// childNames lists the names of doc's embedded subsegments, in order.
func awsChildNames(t *testing.T, doc map[string]interface{}) []string {
	t.Helper()
	var names []string
	for _, c := range subsegmentsOf(t, doc) {
		names = append(names, str(t, c, "name"))
	}
	return names
}

// child returns the i-th embedded subsegment of doc.
func awsChild(t *testing.T, doc map[string]interface{}, i int) map[string]interface{} {
	t.Helper()
	subs := subsegmentsOf(t, doc)
	if i >= len(subs) {
		t.Fatalf("no subsegment %d in %v", i, doc)
	}
	return subs[i]
}

// awsBlock returns the aws block of doc.
func awsBlockOf(t *testing.T, doc map[string]interface{}) map[string]interface{} {
	t.Helper()
	return obj(t, doc, "aws")
}

// assertAWS checks that the aws block holds exactly want (numbers as
// float64, as decoded).
func awsAssertBlock(t *testing.T, doc map[string]interface{}, want map[string]interface{}) {
	t.Helper()
	got := awsBlockOf(t, doc)
	for k, v := range want {
		if !awsJSONEqual(got[k], v) {
			t.Errorf("aws.%s = %#v, want %#v", k, got[k], v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected aws.%s = %#v", k, got[k])
		}
	}
}

// jsonEqual compares decoded JSON values.
func awsJSONEqual(a, b interface{}) bool {
	switch x := a.(type) {
	case map[string]interface{}:
		y, ok := b.(map[string]interface{})
		if !ok || len(x) != len(y) {
			return false
		}
		for k := range x {
			if !awsJSONEqual(x[k], y[k]) {
				return false
			}
		}
		return true
	case []interface{}:
		y, ok := b.([]interface{})
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !awsJSONEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

// flag reads a boolean flag of doc (absent is false).
func awsFlag(doc map[string]interface{}, key string) bool {
	v, _ := doc[key].(bool)
	return v
}

// exceptions returns the exceptions recorded on doc.
func awsExceptions(t *testing.T, doc map[string]interface{}) []map[string]interface{} {
	t.Helper()
	var out []map[string]interface{}
	for _, e := range arr(t, obj(t, doc, "cause"), "exceptions") {
		out = append(out, e.(map[string]interface{}))
	}
	return out
}

// awsErrorLines returns the WARN and ERROR lines of logs.
func awsErrorLines(logs *logCapture) []string {
	var out []string
	for _, l := range logs.Lines() {
		if strings.HasPrefix(l, "WARN ") || strings.HasPrefix(l, "ERROR ") {
			out = append(out, l)
		}
	}
	return out
}
