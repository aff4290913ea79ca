package ec2

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/internal/plugins"
)

const (
	tokenPath    = "/latest/api/token"
	documentPath = "/latest/dynamic/instance-identity/document"

	tokenTTLHeader = "X-aws-ec2-metadata-token-ttl-seconds"
	tokenHeader    = "X-aws-ec2-metadata-token"

	// requestTimeout bounds each metadata request: connecting, waiting and
	// reading the body.
	requestTimeout = time.Second

	// Bodies larger than these are not what the service sends; reading stops
	// there so that a misbehaving endpoint cannot make Init buffer without end.
	maxTokenBytes    = 4 << 10
	maxDocumentBytes = 1 << 20
)

// client goes through http.DefaultTransport (proxy variables apply, as for
// any default client) with a per-request time limit.
var client = &http.Client{Timeout: requestTimeout}

// fetchMetadata asks the metadata service for the identity document and
// logs why when it cannot.
func fetchMetadata() (*plugins.EC2Metadata, bool) {
	base, err := endpoint()
	if err != nil {
		logger.Errorf("Unable to read EC2 instance metadata: %v", err)
		return nil, false
	}
	body, ok := fetchDocument(base, fetchToken(base))
	if !ok {
		return nil, false
	}
	md, err := parseIdentityDocument(body)
	if err != nil {
		logger.Errorf("Error while unmarshal operation: %v", err)
		return nil, false
	}
	return md, true
}

// fetchToken returns an IMDSv2 session token, or "" (use IMDSv1) when the
// service does not hand one out.
func fetchToken(base string) string {
	req, err := http.NewRequest(http.MethodPut, base+tokenPath, nil)
	if err == nil {
		req.Header.Set(tokenTTLHeader, "60")
		var resp *http.Response
		if resp, err = send(req); err == nil {
			var token []byte
			if token, err = readBody(resp, maxTokenBytes); err == nil {
				return string(token)
			}
		}
	}
	logger.Debugf("Unable to fetch EC2 instance metadata token fallback to IMDS V1: %v", err)
	return ""
}

// fetchDocument returns the raw instance identity document.
func fetchDocument(base, token string) ([]byte, bool) {
	req, err := http.NewRequest(http.MethodGet, base+documentPath, nil)
	if err != nil {
		logger.Errorf("Unable to read EC2 instance metadata: %v", err)
		return nil, false
	}
	if token != "" {
		req.Header.Set(tokenHeader, token)
	}
	resp, err := send(req)
	if err != nil {
		logger.Errorf("Unable to read EC2 instance metadata: %v", err)
		return nil, false
	}
	body, err := readBody(resp, maxDocumentBytes)
	if err != nil {
		logger.Errorf("Error while reading data from response buffer: %v", err)
		return nil, false
	}
	return body, true
}

// send sends req on a connection of its own, so that nothing stays open
// after Init, and returns the response if its status is 200. Any other
// answer is an error and its body is closed.
func send(req *http.Request) (*http.Response, error) {
	req.Close = true
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("xray: %s %s: unexpected status %s", req.Method, req.URL, resp.Status)
	}
	return resp, nil
}

// readBody reads at most limit bytes of resp's body and closes it. A longer
// body is an error.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("xray: response body larger than %d bytes", limit)
	}
	return body, nil
}
