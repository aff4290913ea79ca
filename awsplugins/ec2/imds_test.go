package ec2

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/internal/plugins"
)

// identityDoc is a trimmed copy of what the service returns.
const identityDoc = `{
  "accountId" : "123456789012",
  "architecture" : "x86_64",
  "availabilityZone" : "us-west-2a",
  "imageId" : "ami-0123456789abcdef0",
  "instanceId" : "i-0123456789abcdef0",
  "instanceType" : "t3.micro",
  "privateIp" : "10.0.0.12",
  "region" : "us-west-2"
}`

// fakeIMDS is a local metadata service. Its handlers default to a
// successful IMDSv2 exchange.
type fakeIMDS struct {
	srv       *httptest.Server
	token     http.HandlerFunc
	document  http.HandlerFunc
	tokenHits atomic.Int32
	docHits   atomic.Int32

	openConns atomic.Int32
	connEnded chan struct{} // receives after each connection closes
}

const testToken = "AQAEAJ-test-token=="

func serveToken(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(testToken)) }

func serveDocument(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(identityDoc)) }

// startIMDS starts the service, points AWS_EC2_METADATA_SERVICE_ENDPOINT at
// it and clears the plugin metadata for the test. A nil handler means the
// default one.
func startIMDS(t *testing.T, token, document http.HandlerFunc) *fakeIMDS {
	t.Helper()
	f := &fakeIMDS{token: token, document: document, connEnded: make(chan struct{}, 16)}
	if f.token == nil {
		f.token = serveToken
	}
	if f.document == nil {
		f.document = serveDocument
	}
	mux := http.NewServeMux()
	mux.HandleFunc(tokenPath, func(w http.ResponseWriter, r *http.Request) {
		f.tokenHits.Add(1)
		f.token(w, r)
	})
	mux.HandleFunc(documentPath, func(w http.ResponseWriter, r *http.Request) {
		f.docHits.Add(1)
		f.document(w, r)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		http.NotFound(w, r)
	})
	f.srv = httptest.NewUnstartedServer(mux)
	f.srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		switch state {
		case http.StateNew:
			f.openConns.Add(1)
		case http.StateClosed, http.StateHijacked:
			f.openConns.Add(-1)
			select {
			case f.connEnded <- struct{}{}:
			default:
			}
		}
	}
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	t.Setenv(endpointEnv, f.srv.URL)
	resetPlugins(t)
	return f
}

// resetPlugins clears the process-wide metadata now and after the test.
func resetPlugins(t *testing.T) {
	plugins.Reset()
	t.Cleanup(plugins.Reset)
}

// blockUntilTestEnds returns a handler that answers nothing until the test
// is over or the client hangs up.
func blockUntilTestEnds(t *testing.T) http.HandlerFunc {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-done:
		case <-r.Context().Done():
		}
	}
}

// wantRecorded fails unless the plugin metadata holds the identity
// document's values and the EC2 origin.
func wantRecorded(t *testing.T) {
	t.Helper()
	got := plugins.Get()
	if got.EC2Metadata == nil {
		t.Fatalf("no EC2 metadata recorded: %+v", got)
	}
	want := plugins.EC2Metadata{InstanceID: "i-0123456789abcdef0", AvailabilityZone: "us-west-2a"}
	if *got.EC2Metadata != want {
		t.Errorf("EC2 metadata = %+v, want %+v", *got.EC2Metadata, want)
	}
	if got.Origin != Origin {
		t.Errorf("origin = %q, want %q", got.Origin, Origin)
	}
}

// wantNothingRecorded fails if Init recorded anything.
func wantNothingRecorded(t *testing.T) {
	t.Helper()
	if got := plugins.Get(); got.EC2Metadata != nil || got.Origin != "" {
		t.Fatalf("metadata recorded after a failed Init: %+v origin %q", got.EC2Metadata, got.Origin)
	}
}

// waitAllClosed fails unless every connection to the service is closed
// within a second, without the server's help.
func (f *fakeIMDS) waitAllClosed(t *testing.T) {
	t.Helper()
	deadline := time.After(time.Second)
	for f.openConns.Load() != 0 {
		select {
		case <-f.connEnded:
		case <-deadline:
			t.Fatalf("%d connection(s) to the metadata service still open after Init", f.openConns.Load())
		}
	}
}
