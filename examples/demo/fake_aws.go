package main

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
)

// fakeAWS stands in for DynamoDB, SQS and S3: it answers the few operations
// the demo calls the way those services do, so that the real AWS SDK
// clients (v1 and v2) can be pointed at it.
type fakeAWS struct {
	requests atomic.Int64
}

func (f *fakeAWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := fmt.Sprintf("DEMO-%04d", f.requests.Add(1))
	var in map[string]interface{}
	_ = json.NewDecoder(r.Body).Decode(&in)
	_, _ = io.Copy(io.Discard, r.Body)

	answer := func(v interface{}) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amzn-RequestId", id)
		_ = json.NewEncoder(w).Encode(v)
	}
	switch r.Header.Get("X-Amz-Target") {
	case "DynamoDB_20120810.GetItem":
		answer(map[string]interface{}{"Item": map[string]interface{}{
			"id":    map[string]string{"S": "cart-7"},
			"items": map[string]string{"N": "2"},
		}})
	case "DynamoDB_20120810.PutItem":
		answer(map[string]interface{}{})
	case "AmazonSQS.SendMessage":
		body, _ := in["MessageBody"].(string)
		sum := md5.Sum([]byte(body)) // the SDK checks it
		answer(map[string]string{"MessageId": "msg-1", "MD5OfMessageBody": hex.EncodeToString(sum[:])})
	case "":
		// S3 (REST): PutObject.
		w.Header().Set("X-Amz-Request-Id", id)
		w.Header().Set("X-Amz-Id-2", "demo-id-2")
		w.Header().Set("ETag", `"d41d8cd98f00b204e9800998ecf8427e"`)
	default:
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"__type":"UnknownOperationException","message":"not faked"}`)
	}
}

var awsEndpoint struct {
	once sync.Once
	url  string
	err  error
}

// fakeAWSURL starts the fake AWS endpoint on first use.
func fakeAWSURL() (string, error) {
	awsEndpoint.once.Do(func() {
		// The SDK clients get static credentials and a region; this makes
		// sure nothing in them ever asks the EC2 metadata service.
		if err := os.Setenv("AWS_EC2_METADATA_DISABLED", "true"); err != nil {
			awsEndpoint.err = err
			return
		}
		awsEndpoint.url, awsEndpoint.err = serve("aws.demo", &fakeAWS{})
	})
	return awsEndpoint.url, awsEndpoint.err
}

// awsHTTPClient is the plain (untraced) HTTP client of the AWS SDK clients:
// the X-Ray AWS integrations record their calls themselves.
var awsHTTPClient = &http.Client{Transport: transport}
