package awsv2_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/middleware"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/aws/aws-xray-sdk-go/instrumentation/awsv2"
	"github.com/aws/aws-xray-sdk-go/internal/awsfake"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

const recvTimeout = 5 * time.Second

// decision samples everything or nothing, without allocating.
type decision struct{ d sampling.Decision }

func (s *decision) ShouldTrace(*sampling.Request) *sampling.Decision { return &s.d }

var (
	sampleAll  = &decision{sampling.Decision{Sample: true}}
	sampleNone = &decision{sampling.Decision{Sample: false}}
)

// daemon is a UDP listener standing in for the X-Ray daemon.
type daemon struct {
	emitter *xray.DefaultEmitter
	conn    *net.UDPConn
	ch      chan []byte
	done    chan struct{}
}

func newDaemon(tb testing.TB) *daemon {
	tb.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	_ = conn.SetReadBuffer(4 << 20)
	d := &daemon{conn: conn, ch: make(chan []byte, 1024), done: make(chan struct{})}
	go func() {
		defer close(d.done)
		buf := make([]byte, 1<<17)
		for {
			n, _, err := conn.ReadFromUDP(buf)
			if err != nil {
				return
			}
			select {
			case d.ch <- bytes.Clone(buf[:n]):
			default: // benchmarks do not read what they send
			}
		}
	}()
	tb.Cleanup(func() {
		_ = conn.Close()
		<-d.done
	})
	if d.emitter, err = xray.NewDefaultEmitter(conn.LocalAddr().(*net.UDPAddr)); err != nil {
		tb.Fatal(err)
	}
	return d
}

// context returns a context whose segments are sampled by s and sent to
// the daemon, and whose context-missing strategy is cm (nil: the default).
func (d *daemon) context(tb testing.TB, s sampling.Strategy, cm ctxmissing.Strategy) context.Context {
	tb.Helper()
	ctx, err := xray.ContextWithConfig(context.Background(), xray.Config{Emitter: d.emitter, SamplingStrategy: s, ContextMissingStrategy: cm})
	if err != nil {
		tb.Fatal(err)
	}
	return ctx
}

// recv waits for n documents and returns them decoded and schema-checked.
func (d *daemon) recv(t *testing.T, n int) []map[string]interface{} {
	t.Helper()
	deadline := time.After(recvTimeout)
	var out []map[string]interface{}
	for len(out) < n {
		select {
		case b := <-d.ch:
			if !bytes.HasPrefix(b, []byte(xray.Header)) {
				t.Fatalf("datagram without the header line: %q", b)
			}
			doc := b[len(xray.Header):]
			validateSchema(t, doc)
			var m map[string]interface{}
			if err := json.Unmarshal(doc, &m); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, doc)
			}
			out = append(out, m)
		case <-deadline:
			t.Fatalf("got %d documents, want %d", len(out), n)
		}
	}
	return out
}

// expectNone fails if a document arrives within a short while.
func (d *daemon) expectNone(t *testing.T) {
	t.Helper()
	select {
	case b := <-d.ch:
		t.Fatalf("unexpected document %s", b)
	case <-time.After(100 * time.Millisecond):
	}
}

// clientOptions are what every test client gets: fake static credentials,
// region us-west-2, the fake endpoint, a transport of its own, at most
// attempts attempts without delay, and the X-Ray middleware.
type clientOptions struct {
	Region       string
	Credentials  aws.CredentialsProvider
	BaseEndpoint *string
	HTTPClient   *http.Client
	Retryer      aws.Retryer
	APIOptions   []func(*middleware.Stack) error
}

func newClientOptions(t testing.TB, srv *awsfake.Server, attempts int) clientOptions {
	t.Helper()
	if tt, ok := t.(*testing.T); ok {
		tt.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	}
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	o := clientOptions{
		Region:       "us-west-2",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRET", ""),
		BaseEndpoint: aws.String(srv.URL),
		HTTPClient:   &http.Client{Transport: transport},
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = attempts
			o.RateLimiter = ratelimit.None
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		}),
	}
	awsv2.AWSV2Instrumentor(&o.APIOptions)
	return o
}

// call runs fn inside a root segment and returns the call's subsegment
// (the only child of the root).
func call(t *testing.T, d *daemon, fn func(ctx context.Context) error) (root, sub map[string]interface{}, err error) {
	t.Helper()
	ctx, seg := xray.BeginSegment(d.context(t, sampleAll, nil), "test")
	err = fn(ctx)
	seg.Close(nil)
	root = d.recv(t, 1)[0]
	subs, _ := root["subsegments"].([]interface{})
	if len(subs) != 1 {
		t.Fatalf("root has %d subsegments, want 1: %v", len(subs), root)
	}
	return root, subs[0].(map[string]interface{}), err
}

func obj(t *testing.T, m map[string]interface{}, key string) map[string]interface{} {
	t.Helper()
	v, ok := m[key].(map[string]interface{})
	if !ok {
		t.Fatalf("%q is %T, want an object in %v", key, m[key], m)
	}
	return v
}

func flag(m map[string]interface{}, key string) bool {
	v, _ := m[key].(bool)
	return v
}

// assertAWS checks that the aws block holds exactly want.
func assertAWS(t *testing.T, doc map[string]interface{}, want map[string]interface{}) {
	t.Helper()
	got := obj(t, doc, "aws")
	gb, _ := json.Marshal(got)
	wb, _ := json.Marshal(want)
	if string(gb) != string(wb) {
		t.Errorf("aws block\n got  %s\n want %s", gb, wb)
	}
}

func response(t *testing.T, doc map[string]interface{}) map[string]interface{} {
	t.Helper()
	return obj(t, obj(t, doc, "http"), "response")
}

// logLines records WARN and ERROR lines while installed.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	if level < xraylog.LogLevelWarn {
		return
	}
	l.mu.Lock()
	l.lines = append(l.lines, level.String()+" "+msg.String())
	l.mu.Unlock()
}

func (l *logLines) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

func captureLogs(t *testing.T) *logLines {
	t.Helper()
	prev := logger.Logger()
	l := &logLines{}
	xray.SetLogger(l)
	t.Cleanup(func() { xray.SetLogger(prev) })
	return l
}

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
	// ecmaEscape matches the \uXXXX escapes of the schema's patterns,
	// which Go's regexp spells \x{XXXX}.
	ecmaEscape = regexp.MustCompile(`\\u([0-9a-fA-F]{4})`)
)

const schemaFile = "xray-segmentdocument-schema-v1.0.0.json"

// goPatterns rewrites the ECMA-262 \uXXXX escapes of the schema's
// "pattern" values and "patternProperties" keys into Go's \x{XXXX}.
func goPatterns(v interface{}) interface{} {
	switch x := v.(type) {
	case map[string]interface{}:
		out := make(map[string]interface{}, len(x))
		for k, val := range x {
			if s, ok := val.(string); ok && k == "pattern" {
				out[k] = ecmaEscape.ReplaceAllString(s, `\x{$1}`)
				continue
			}
			if props, ok := val.(map[string]interface{}); ok && k == "patternProperties" {
				rewritten := make(map[string]interface{}, len(props))
				for pk, pv := range props {
					rewritten[ecmaEscape.ReplaceAllString(pk, `\x{$1}`)] = goPatterns(pv)
				}
				out[k] = rewritten
				continue
			}
			out[k] = goPatterns(val)
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, e := range x {
			out[i] = goPatterns(e)
		}
		return out
	}
	return v
}

// validateSchema checks a document against the X-Ray segment document
// schema in ../../../shared/data (skipped when the file is not there).
func validateSchema(t *testing.T, doc []byte) {
	t.Helper()
	schemaOnce.Do(func() {
		data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "data", schemaFile))
		if err != nil {
			schemaErr = err
			return
		}
		parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			schemaErr = err
			return
		}
		parsed = goPatterns(parsed)
		c := jsonschema.NewCompiler()
		if err = c.AddResource(schemaFile, parsed); err == nil {
			schema, err = c.Compile(schemaFile)
		}
		schemaErr = err
	})
	if errors.Is(schemaErr, os.ErrNotExist) {
		t.Logf("schema validation skipped: %v", schemaErr)
		return
	}
	if schemaErr != nil {
		t.Fatalf("schema: %v", schemaErr)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("document does not match the schema: %v\n%s", err, doc)
	}
}
