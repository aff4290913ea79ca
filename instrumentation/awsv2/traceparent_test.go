package awsv2_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/aws/aws-xray-sdk-go/internal/awsfake"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// seenHeaders is what the endpoint saw of one request's trace headers.
type seenHeaders struct{ trace, traceparent []string }

// headerProxy starts a loopback server in front of srv that reports the
// trace headers of every request and forwards it.
func headerProxy(t *testing.T, srv *awsfake.Server) (string, <-chan seenHeaders) {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	proxy.Transport = transport
	seen := make(chan seenHeaders, 16)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- seenHeaders{trace: r.Header.Values("X-Amzn-Trace-Id"), traceparent: r.Header.Values("traceparent")}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front.URL, seen
}

func recvHeaders(t *testing.T, seen <-chan seenHeaders) seenHeaders {
	t.Helper()
	select {
	case h := <-seen:
		return h
	case <-time.After(recvTimeout):
		t.Fatal("the endpoint saw no request")
	}
	return seenHeaders{}
}

func newProxiedDynamoDB(t *testing.T, srv *awsfake.Server, endpoint string, attempts int) *dynamodb.Client {
	t.Helper()
	o := newClientOptions(t, srv, attempts)
	return dynamodb.New(dynamodb.Options{
		Region: o.Region, Credentials: o.Credentials, BaseEndpoint: aws.String(endpoint),
		HTTPClient: o.HTTPClient, Retryer: o.Retryer, APIOptions: o.APIOptions,
	})
}

// TestW3CTraceparent: with the interop on, every attempt carries a
// traceparent consistent with its X-Amzn-Trace-Id: the same trace, the
// call's subsegment as the parent, the sampled flag.
func TestW3CTraceparent(t *testing.T) {
	t.Setenv("AWS_XRAY_W3C_TRACE_CONTEXT", "true")
	srv, d := awsfake.New(t), newDaemon(t)
	srv.Push(awsfake.DynamoDBError(500, "InternalServerError"))
	endpoint, seen := headerProxy(t, srv)
	db := newProxiedDynamoDB(t, srv, endpoint, 2)
	root, sub, err := call(t, d, func(ctx context.Context) error { return getItem(ctx, db, "orders") })
	if err != nil {
		t.Fatal(err)
	}
	traceID, _ := root["trace_id"].(string)
	id, _ := sub["id"].(string)
	wantTrace := "Root=" + traceID + ";Parent=" + id + ";Sampled=1"
	wantTP := "00-" + strings.Replace(strings.TrimPrefix(traceID, "1-"), "-", "", 1) + "-" + id + "-01"
	for attempt := 1; attempt <= 2; attempt++ {
		h := recvHeaders(t, seen)
		if len(h.trace) != 1 || h.trace[0] != wantTrace {
			t.Errorf("attempt %d: X-Amzn-Trace-Id %q, want %q", attempt, h.trace, wantTrace)
		}
		if len(h.traceparent) != 1 || h.traceparent[0] != wantTP {
			t.Errorf("attempt %d: traceparent %q, want %q", attempt, h.traceparent, wantTP)
		}
	}
}

// TestW3CTraceparentOff: by default, and when switched off, only
// X-Amzn-Trace-Id is sent.
func TestW3CTraceparentOff(t *testing.T) {
	t.Setenv("AWS_XRAY_W3C_TRACE_CONTEXT", "")
	t.Cleanup(xray.SetW3CTraceContext(false))
	srv, d := awsfake.New(t), newDaemon(t)
	endpoint, seen := headerProxy(t, srv)
	db := newProxiedDynamoDB(t, srv, endpoint, 1)
	if _, _, err := call(t, d, func(ctx context.Context) error { return getItem(ctx, db, "orders") }); err != nil {
		t.Fatal(err)
	}
	if h := recvHeaders(t, seen); len(h.trace) != 1 || len(h.traceparent) != 0 {
		t.Errorf("headers %+v, want X-Amzn-Trace-Id only", h)
	}
}

// TestW3CTraceparentCodeSwitch: SetW3CTraceContext turns it on without
// the environment.
func TestW3CTraceparentCodeSwitch(t *testing.T) {
	t.Setenv("AWS_XRAY_W3C_TRACE_CONTEXT", "")
	t.Cleanup(xray.SetW3CTraceContext(true))
	srv, d := awsfake.New(t), newDaemon(t)
	endpoint, seen := headerProxy(t, srv)
	db := newProxiedDynamoDB(t, srv, endpoint, 1)
	_, sub, err := call(t, d, func(ctx context.Context) error { return getItem(ctx, db, "orders") })
	if err != nil {
		t.Fatal(err)
	}
	id, _ := sub["id"].(string)
	if h := recvHeaders(t, seen); len(h.traceparent) != 1 || !strings.HasSuffix(h.traceparent[0], "-"+id+"-01") {
		t.Errorf("traceparent %q, want one naming %s", h.traceparent, id)
	}
}
