// Package awsfake is a test double for AWS service endpoints: an HTTP server
// on 127.0.0.1 that answers DynamoDB, SQS, Lambda and S3 requests the way
// those services do, so that real AWS SDK clients (v1 and v2) can be
// pointed at it. Tests queue the replies they need (errors, throttling,
// server errors) with Push; anything not queued gets the service's success
// answer. It is used by tests only.
package awsfake

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Reply is one queued answer.
type Reply struct {
	Status int
	Header map[string]string
	Body   string
	// Chunked sends the body without a Content-Length (the client then
	// sees an unknown length, -1).
	Chunked bool
}

// Request is what the server saw of one request.
type Request struct {
	Method      string
	Path        string
	Target      string // X-Amz-Target (JSON protocols)
	TraceHeader string // X-Amzn-Trace-Id
}

// Server is the fake endpoint.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	queue    []Reply
	requests []Request
	seen     chan Request
	counter  int
}

// New starts a server that is closed at the end of the test.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{seen: make(chan Request, 1024)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// Push queues replies for the next requests, in order.
func (s *Server) Push(replies ...Reply) {
	s.mu.Lock()
	s.queue = append(s.queue, replies...)
	s.mu.Unlock()
}

// Requests returns the requests seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Seen delivers every request as it arrives (buffered; tests that wait for
// a request read from it).
func (s *Server) Seen() <-chan Request { return s.seen }

// RequestID is the request id the server gives its n-th request (from 1).
func RequestID(n int) string { return fmt.Sprintf("REQ-%d", n) }

// ID2 is the S3 extended request id the server sends on S3 answers.
const ID2 = "EXAMPLE-ID-2"

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	seen := Request{
		Method:      r.Method,
		Path:        r.URL.Path,
		Target:      r.Header.Get("X-Amz-Target"),
		TraceHeader: r.Header.Get("X-Amzn-Trace-Id"),
	}
	s.mu.Lock()
	s.counter++
	id := RequestID(s.counter)
	s.requests = append(s.requests, seen)
	var reply *Reply
	if len(s.queue) > 0 {
		reply = &s.queue[0]
		s.queue = s.queue[1:]
	}
	s.mu.Unlock()
	select {
	case s.seen <- seen:
	default:
	}

	s3 := seen.Target == "" && !strings.HasPrefix(seen.Path, "/2015-03-31/functions/")
	if s3 {
		w.Header().Set("x-amz-request-id", id)
		w.Header().Set("x-amz-id-2", ID2)
	} else {
		w.Header().Set("x-amzn-RequestId", id)
	}
	if reply == nil {
		r2 := success(seen, body, r)
		reply = &r2
	}
	for k, v := range reply.Header {
		w.Header().Set(k, v)
	}
	if reply.Status == 0 {
		reply.Status = http.StatusOK
	}
	w.WriteHeader(reply.Status)
	if reply.Chunked {
		w.(http.Flusher).Flush()
	}
	_, _ = io.WriteString(w, reply.Body)
}

func jsonReply(v interface{}) Reply {
	b, _ := json.Marshal(v)
	return Reply{Header: map[string]string{"Content-Type": "application/x-amz-json-1.0"}, Body: string(b)}
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// success is the service's answer to a request nobody queued a reply for.
func success(req Request, body []byte, r *http.Request) Reply {
	var in map[string]interface{}
	_ = json.Unmarshal(body, &in)
	switch req.Target {
	case "DynamoDB_20120810.GetItem":
		return jsonReply(map[string]interface{}{
			"Item":             map[string]interface{}{"id": map[string]string{"S": "1"}},
			"ConsumedCapacity": map[string]interface{}{"TableName": in["TableName"], "CapacityUnits": 0.5},
		})
	case "DynamoDB_20120810.ListTables":
		return jsonReply(map[string]interface{}{"TableNames": []string{"a", "b", "c"}})
	case "DynamoDB_20120810.DescribeEndpoints":
		return jsonReply(map[string]interface{}{"Endpoints": []map[string]interface{}{
			{"Address": r.Host, "CachePeriodInMinutes": 1},
		}})
	case "AmazonSQS.SendMessage":
		msg, _ := in["MessageBody"].(string)
		return jsonReply(map[string]string{"MessageId": "m-1", "MD5OfMessageBody": md5Hex(msg)})
	case "AmazonSQS.ReceiveMessage":
		return jsonReply(map[string]interface{}{"Messages": []map[string]string{
			{"MessageId": "m-1", "ReceiptHandle": "rh-1", "Body": "hello", "MD5OfBody": md5Hex("hello")},
			{"MessageId": "m-2", "ReceiptHandle": "rh-2", "Body": "world", "MD5OfBody": md5Hex("world")},
		}})
	case "AmazonSQS.ListQueues":
		return jsonReply(map[string]interface{}{"QueueUrls": []string{"http://q/1", "http://q/2"}})
	}
	if req.Target != "" {
		return jsonReply(map[string]interface{}{})
	}
	if strings.HasPrefix(req.Path, "/2015-03-31/functions/") {
		return Reply{Header: map[string]string{"Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST"}, Body: `{"ok":true}`}
	}
	return s3Success(req, r)
}

func s3Success(req Request, r *http.Request) Reply {
	xml := map[string]string{"Content-Type": "application/xml"}
	parts := strings.SplitN(strings.TrimPrefix(req.Path, "/"), "/", 2)
	switch {
	case req.Method == http.MethodGet && req.Path == "/":
		return Reply{Header: xml, Body: `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Buckets><Bucket><Name>b1</Name></Bucket><Bucket><Name>b2</Name></Bucket></Buckets></ListAllMyBucketsResult>`}
	case req.Method == http.MethodGet && len(parts) == 1:
		return Reply{Header: xml, Body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>` + parts[0] +
			`</Name><KeyCount>2</KeyCount><IsTruncated>false</IsTruncated><Contents><Key>k1</Key><Size>1</Size></Contents><Contents><Key>k2</Key><Size>2</Size></Contents></ListBucketResult>`}
	case req.Method == http.MethodGet:
		return Reply{Header: map[string]string{"Content-Type": "text/plain", "ETag": `"etag"`}, Body: "hello"}
	}
	return Reply{Header: map[string]string{"ETag": `"etag"`}}
}

// DynamoDBError is a DynamoDB error answer with the given status and
// error code (e.g. 400 "ProvisionedThroughputExceededException").
func DynamoDBError(status int, code string) Reply {
	return Reply{
		Status: status,
		Header: map[string]string{"Content-Type": "application/x-amz-json-1.0"},
		Body:   `{"__type":"com.amazonaws.dynamodb.v20120810#` + code + `","message":"` + code + ` from the fake"}`,
	}
}

// JSONError is an error answer of a JSON-protocol service (SQS, Lambda).
func JSONError(status int, code string) Reply {
	return Reply{
		Status: status,
		Header: map[string]string{"Content-Type": "application/x-amz-json-1.0", "X-Amzn-ErrorType": code},
		Body:   `{"__type":"` + code + `","message":"` + code + ` from the fake"}`,
	}
}

// S3Object is an S3 GetObject answer with body, sent chunked (no
// Content-Length) when chunked is set.
func S3Object(body string, chunked bool) Reply {
	return Reply{Header: map[string]string{"Content-Type": "text/plain", "ETag": `"etag"`}, Body: body, Chunked: chunked}
}

// S3Error is an S3 error answer.
func S3Error(status int, code string) Reply {
	return Reply{
		Status: status,
		Header: map[string]string{"Content-Type": "application/xml"},
		Body:   `<?xml version="1.0" encoding="UTF-8"?><Error><Code>` + code + `</Code><Message>` + code + ` from the fake</Message></Error>`,
	}
}
