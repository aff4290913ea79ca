package ec2

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/awsplugins/ecs"
	"github.com/aws/aws-xray-sdk-go/internal/logtest"
	"github.com/aws/aws-xray-sdk-go/internal/plugins"
	"github.com/aws/aws-xray-sdk-go/xraylog"
	"go.uber.org/goleak"
)

func TestInitIMDSv2(t *testing.T) {
	f := startIMDS(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut {
			t.Errorf("token request method = %s, want PUT", r.Method)
		}
		if got := r.Header.Get("X-aws-ec2-metadata-token-ttl-seconds"); got != "60" {
			t.Errorf("token TTL header = %q, want 60", got)
		}
		serveToken(w, r)
	}, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			t.Errorf("document request method = %s, want GET", r.Method)
		}
		if got := r.Header.Get("X-aws-ec2-metadata-token"); got != testToken {
			t.Errorf("token header = %q, want %q", got, testToken)
		}
		serveDocument(w, r)
	})
	lr := logtest.Capture(t)

	Init()

	wantRecorded(t)
	if f.tokenHits.Load() != 1 || f.docHits.Load() != 1 {
		t.Errorf("requests: token %d, document %d; want 1 each", f.tokenHits.Load(), f.docHits.Load())
	}
	if got := append(lr.At(xraylog.LogLevelWarn), lr.At(xraylog.LogLevelError)...); len(got) != 0 {
		t.Errorf("unexpected WARN/ERROR lines: %q", got)
	}
}

func TestInitRecordsWireShape(t *testing.T) {
	startIMDS(t, nil, nil)
	Init()
	b, err := json.Marshal(plugins.Get().EC2Metadata)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"instance_id":"i-0123456789abcdef0","availability_zone":"us-west-2a"}`
	if string(b) != want {
		t.Errorf("aws.ec2 = %s, want %s", b, want)
	}
}

// wantIMDSv1 is a document handler that insists on no token header.
func wantIMDSv1(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if v, ok := r.Header["X-Aws-Ec2-Metadata-Token"]; ok {
			t.Errorf("IMDSv1 request carries a token header %q", v)
		}
		serveDocument(w, r)
	}
}

const tokenFallbackLog = "Unable to fetch EC2 instance metadata token fallback to IMDS V1: "

func TestInitTokenRefusedFallsBackToIMDSv1(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusNotFound, http.StatusInternalServerError} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			startIMDS(t, func(w http.ResponseWriter, r *http.Request) {
				// An error body must not become the token.
				http.Error(w, "token service says no", status)
			}, wantIMDSv1(t))
			lr := logtest.Capture(t)

			Init()

			wantRecorded(t)
			line := lr.WantOne(t, xraylog.LogLevelDebug, tokenFallbackLog)
			if !strings.Contains(line, "unexpected status") {
				t.Errorf("debug line %q does not name the status", line)
			}
			if got := lr.At(xraylog.LogLevelError); len(got) != 0 {
				t.Errorf("unexpected ERROR lines: %q", got)
			}
		})
	}
}

func TestInitTokenTransportErrorFallsBackToIMDSv1(t *testing.T) {
	startIMDS(t, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		conn.Close()
	}, wantIMDSv1(t))
	lr := logtest.Capture(t)

	Init()

	wantRecorded(t)
	lr.WantOne(t, xraylog.LogLevelDebug, tokenFallbackLog+`Put "`)
}

func TestInitDocumentRefused(t *testing.T) {
	f := startIMDS(t, nil, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"instanceId":"i-from-an-error-body"}`, http.StatusNotFound)
	})
	lr := logtest.Capture(t)

	Init()

	wantNothingRecorded(t)
	want := "Unable to read EC2 instance metadata: xray: GET " + f.srv.URL + documentPath + ": unexpected status 404 Not Found"
	if got := lr.At(xraylog.LogLevelError); len(got) != 1 || got[0] != want {
		t.Errorf("ERROR lines = %q, want [%q]", got, want)
	}
}

func TestInitDocumentTransportError(t *testing.T) {
	resetPlugins(t)
	// A port nothing listens on: both requests fail to connect.
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	t.Setenv(endpointEnv, srv.URL)
	lr := logtest.Capture(t)

	Init()

	wantNothingRecorded(t)
	lr.WantOne(t, xraylog.LogLevelDebug, tokenFallbackLog+`Put "`+srv.URL+tokenPath+`": `)
	lr.WantOne(t, xraylog.LogLevelError, `Unable to read EC2 instance metadata: Get "`+srv.URL+documentPath+`": `)
}

func TestInitMalformedDocument(t *testing.T) {
	for _, body := range []string{
		"not json",
		"",
		`{"instanceId":"i-1"`,
		`{"instanceId":5}`,
		`["i-1"]`,
		"<html>504 Gateway Time-out</html>",
	} {
		t.Run(body, func(t *testing.T) {
			startIMDS(t, nil, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) })
			lr := logtest.Capture(t)

			Init()

			wantNothingRecorded(t)
			var doc identityDocument
			want := "Error while unmarshal operation: " + json.Unmarshal([]byte(body), &doc).Error()
			if got := lr.At(xraylog.LogLevelError); len(got) != 1 || got[0] != want {
				t.Errorf("ERROR lines = %q, want [%q]", got, want)
			}
		})
	}
}

func TestInitDocumentCaseInsensitiveKeys(t *testing.T) {
	startIMDS(t, nil, func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"INSTANCEID":"i-0123456789abcdef0","AvailabilityZone":"us-west-2a"}`))
	})
	Init()
	wantRecorded(t)
}

func TestInitDocumentReadError(t *testing.T) {
	t.Run("truncated", func(t *testing.T) {
		startIMDS(t, nil, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1000")
			_, _ = w.Write([]byte(`{"instanceId":`))
		})
		lr := logtest.Capture(t)
		Init()
		wantNothingRecorded(t)
		lr.WantOne(t, xraylog.LogLevelError, "Error while reading data from response buffer: ")
	})
	t.Run("oversized", func(t *testing.T) {
		startIMDS(t, nil, func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"pad":"`))
			_, _ = w.Write([]byte(strings.Repeat("x", maxDocumentBytes)))
			_, _ = w.Write([]byte(`"}`))
		})
		lr := logtest.Capture(t)
		Init()
		wantNothingRecorded(t)
		line := lr.WantOne(t, xraylog.LogLevelError, "Error while reading data from response buffer: ")
		if !strings.HasSuffix(line, "xray: response body larger than 1048576 bytes") {
			t.Errorf("ERROR line = %q", line)
		}
	})
}

// Each request gives up after a second, so a service that accepts but never
// answers costs Init about a second per request, not forever.
func TestInitTimeout(t *testing.T) {
	const slack = 900 * time.Millisecond
	t.Run("token", func(t *testing.T) {
		startIMDS(t, blockUntilTestEnds(t), wantIMDSv1(t))
		lr := logtest.Capture(t)
		start := time.Now()
		Init()
		elapsed := time.Since(start)
		if elapsed < requestTimeout-100*time.Millisecond || elapsed > requestTimeout+slack {
			t.Errorf("Init took %v with a silent token endpoint, want about %v", elapsed, requestTimeout)
		}
		wantRecorded(t)
		line := lr.WantOne(t, xraylog.LogLevelDebug, tokenFallbackLog)
		if !strings.Contains(line, "Client.Timeout exceeded") {
			t.Errorf("debug line %q does not say it timed out", line)
		}
	})
	t.Run("document", func(t *testing.T) {
		startIMDS(t, nil, blockUntilTestEnds(t))
		lr := logtest.Capture(t)
		start := time.Now()
		Init()
		elapsed := time.Since(start)
		if elapsed < requestTimeout-100*time.Millisecond || elapsed > requestTimeout+slack {
			t.Errorf("Init took %v with a silent document endpoint, want about %v", elapsed, requestTimeout)
		}
		wantNothingRecorded(t)
		line := lr.WantOne(t, xraylog.LogLevelError, "Unable to read EC2 instance metadata: ")
		if !strings.Contains(line, "Client.Timeout exceeded") {
			t.Errorf("ERROR line %q does not say it timed out", line)
		}
	})
}

func TestInitDoesNothingWhenPresent(t *testing.T) {
	f := startIMDS(t, nil, nil)
	Init()
	wantRecorded(t)
	before := plugins.Get()

	Init()

	if f.tokenHits.Load() != 1 || f.docHits.Load() != 1 {
		t.Errorf("second Init made requests: token %d, document %d in total", f.tokenHits.Load(), f.docHits.Load())
	}
	if plugins.Get() != before {
		t.Error("second Init published new metadata")
	}
}

func TestInitFailureKeepsOtherPlugins(t *testing.T) {
	startIMDS(t, nil, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusInternalServerError) })
	logtest.Capture(t)
	ecs.Init()
	before := plugins.Get()

	Init()

	if got := plugins.Get(); got != before || got.Origin != ecs.Origin {
		t.Errorf("failed Init changed the metadata: %+v", got)
	}
}

// UPSTREAM QUIRK kept: the origin is that of the last successful Init, and
// an Init whose metadata is already present changes nothing.
func TestOriginLastInitWins(t *testing.T) {
	startIMDS(t, nil, nil)

	Init()
	ecs.Init()
	got := plugins.Get()
	if got.Origin != ecs.Origin || got.EC2Metadata == nil || got.ECSMetadata == nil {
		t.Fatalf("after ec2, ecs: origin %q, ec2 %v, ecs %v", got.Origin, got.EC2Metadata, got.ECSMetadata)
	}
	Init() // already present: no change
	if got := plugins.Get().Origin; got != ecs.Origin {
		t.Fatalf("a repeated ec2.Init changed the origin to %q", got)
	}

	plugins.Reset()
	ecs.Init()
	Init()
	if got := plugins.Get().Origin; got != Origin {
		t.Fatalf("after ecs, ec2: origin %q, want %q", got, Origin)
	}
}

// Init may run while segments begin; concurrent Init calls ask the service
// once.
func TestInitConcurrent(t *testing.T) {
	f := startIMDS(t, nil, nil)
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for i := 0; i < 4; i++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				// What the core does when a root segment begins.
				m := plugins.Get()
				if m.EC2Metadata != nil && (m.EC2Metadata.InstanceID == "" || m.Origin == "") {
					t.Errorf("half-published metadata: %+v", m)
					return
				}
			}
		}()
	}
	var inits sync.WaitGroup
	for i := 0; i < 4; i++ {
		inits.Add(1)
		go func() {
			defer inits.Done()
			Init()
			ecs.Init()
		}()
	}
	inits.Wait()
	close(stop)
	readers.Wait()

	if f.docHits.Load() != 1 {
		t.Errorf("concurrent Inits fetched the document %d times, want 1", f.docHits.Load())
	}
	if m := plugins.Get(); m.EC2Metadata == nil || m.ECSMetadata == nil {
		t.Errorf("metadata after concurrent Inits: %+v", m)
	}
}

// Bodies are closed and no connection stays open after Init, on success and
// on every failure path.
func TestInitLeavesNothingOpen(t *testing.T) {
	cases := map[string][2]http.HandlerFunc{
		"success":        {nil, nil},
		"token refused":  {func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusForbidden) }, nil},
		"document error": {nil, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusInternalServerError) }},
		"bad document":   {nil, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("{")) }},
		"oversized": {nil, func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(strings.Repeat(" ", 2*maxDocumentBytes)))
		}},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			ignore := goleak.IgnoreCurrent()
			logtest.Capture(t)
			f := startIMDS(t, h[0], h[1])
			Init()
			f.waitAllClosed(t)
			f.srv.Close()
			if err := goleak.Find(ignore); err != nil {
				t.Errorf("goroutines left after Init: %v", err)
			}
		})
	}
}

func TestInitIPv6Endpoint(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case tokenPath:
			serveToken(w, r)
		case documentPath:
			serveDocument(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	resetPlugins(t)
	t.Setenv(endpointEnv, srv.URL)

	Init()

	wantRecorded(t)
}
