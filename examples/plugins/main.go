// Command plugins initialises the EC2 plugin, which reads the instance
// identity document from the instance metadata service (IMDSv2) and puts
// the instance id, availability zone and origin "AWS::EC2::Instance" into
// every segment. The metadata service is a local fake here, selected with
// AWS_EC2_METADATA_SERVICE_ENDPOINT. It prints the documents the SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/aws/aws-xray-sdk-go/awsplugins/ec2"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// fakeIMDS answers the two requests the EC2 plugin makes.
func fakeIMDS() *httptest.Server {
	const token = "example-token"
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /latest/api/token", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, token)
	})
	mux.HandleFunc("GET /latest/dynamic/instance-identity/document", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-aws-ec2-metadata-token") != token {
			http.Error(w, "missing token", http.StatusUnauthorized)
			return
		}
		_, _ = io.WriteString(w, `{"instanceId": "i-0123456789abcdef0", "availabilityZone": "us-west-2a", "region": "us-west-2"}`)
	})
	return httptest.NewServer(mux)
}

func main() {
	printDocuments()

	imds := fakeIMDS()
	defer imds.Close()
	// On EC2 leave this unset: the plugin asks http://169.254.169.254.
	if err := os.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL); err != nil {
		log.Fatal(err)
	}

	// Once, at start-up, before the first segment (ecs.Init and
	// beanstalk.Init work the same way).
	ec2.Init()

	ctx, seg := xray.BeginSegment(context.Background(), "worker")
	_ = xray.Capture(ctx, "job", func(context.Context) error { return nil })
	seg.Close(nil) // carries "origin" and the "aws.ec2" block
}

// printDocuments makes the SDK sample everything and print each document
// instead of sending it to the X-Ray daemon. In production leave Emitter
// unset: documents go to AWS_XRAY_DAEMON_ADDRESS (127.0.0.1:2000 by default).
func printDocuments() {
	all, err := sampling.NewLocalizedStrategyFromJSONBytes([]byte(`{"version": 2, "default": {"fixed_target": 1, "rate": 1.0}}`))
	if err == nil {
		err = xray.Configure(xray.Config{SamplingStrategy: all, Emitter: xray.NewDocumentEmitter(printDocument)})
	}
	if err != nil {
		log.Fatal(err)
	}
}

func printDocument(doc []byte) {
	var out bytes.Buffer
	_ = json.Indent(&out, doc, "", "  ")
	fmt.Printf("sent %s\n", out.Bytes())
}
