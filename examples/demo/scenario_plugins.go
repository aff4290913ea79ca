package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/aws/aws-xray-sdk-go/awsplugins/ec2"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// The shop pretends to run on EC2: the EC2 plugin reads the instance
// identity from a fake instance metadata service (IMDSv2) on loopback,
// selected with AWS_EC2_METADATA_SERVICE_ENDPOINT. From then on every root
// segment carries the origin AWS::EC2::Instance and the instance id and
// availability zone.

const imdsToken = "demo-token"

// fakeIMDS answers the token and identity document requests of ec2.Init.
func fakeIMDS() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /latest/api/token", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, imdsToken)
	})
	mux.HandleFunc("GET /latest/dynamic/instance-identity/document", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-aws-ec2-metadata-token") != imdsToken {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		_, _ = io.WriteString(w, `{"instanceId":"i-0demo0123456789ab","availabilityZone":"us-west-2a","region":"us-west-2"}`)
	})
	return httptest.NewServer(mux)
}

// startOnEC2 initialises the EC2 plugin, then records the start-up.
func startOnEC2(ctx context.Context) error {
	imds := fakeIMDS()
	defer imds.Close()
	if err := os.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL); err != nil {
		return err
	}
	ec2.Init()
	if err := os.Unsetenv("AWS_EC2_METADATA_SERVICE_ENDPOINT"); err != nil {
		return err
	}

	ctx, seg := xray.BeginSegment(ctx, "shop-startup")
	defer seg.Close(nil)
	seg.RLock()
	origin := seg.Origin
	seg.RUnlock()
	_ = xray.AddAnnotation(ctx, "origin", origin)
	return xray.Capture(ctx, "warm-caches", func(context.Context) error { return nil })
}

func init() {
	// Plugins are initialised at start-up, before any other segment
	// begins, so this scenario goes first.
	scenarios = append([]scenario{{name: "start on EC2 (plugins)", traces: 1, run: startOnEC2}}, scenarios...)
}
