package examples_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// example is one program and what its output must contain.
type example struct {
	dir  string
	want []string // substrings of stdout
	// check, when set, looks at stdout further.
	check func(t *testing.T, stdout string)
}

var examples = []example{
	{dir: "capture", want: []string{
		"charge-card returned: card declined",
		`"name": "checkout"`, `"customer": "c-42"`, `"name": "price-items"`, `"name": "charge-card"`,
		`"fault": true`, `"message": "card declined"`,
	}},
	{dir: "httpserver", want: []string{
		"GET /hello?name=gopher: 200, X-Amzn-Trace-Id: Root=1-", "GET /broken: 500",
		`"name": "hello-service"`, `"user": "gopher"`, `"name": "render"`, `"status": 500`, `"fault": true`,
	}},
	{dir: "httpclient", want: []string{
		"backend received X-Amzn-Trace-Id: Root=1-", ";Sampled=1", "GET /items?page=2: 200", "GET /busy: 429",
		`"name": "catalog-job"`, `"namespace": "remote"`, `"name": "connect"`, `"throttle": true`,
	}},
	{dir: "sql", want: []string{
		"query on a missing table: true", "2 orders, 25.24 in total",
		`"database_type": "Unknown"`, `"sanitized_query": "CONNECT"`,
		`"sanitized_query": "SELECT count(*), sum(total) FROM orders"`, `"message": "SQL logic error: no such table: refunds (1)"`,
	}},
	{dir: "grpc", want: []string{
		"status: SERVING", `"name": "grpc.health.v1.Health"`, `"name": "health-checker"`,
		`"url": "grpc://127.0.0.1:`,
	}},
	{dir: "grpcstream", want: []string{
		"messages received: 3", `"name": "numbers"`, `"name": "number-reader"`, `"requested": 3`,
		`"messages_received": 3`,
	}},
	{dir: "fasthttp", want: []string{
		`GET /price: 200 {"price":19.99}`, `"name": "pricing"`, `"sku": "book-1"`, `"name": "apply-discounts"`,
	}},
	{dir: "awsv1", want: []string{
		"DynamoDB received X-Amzn-Trace-Id: Root=1-", "item: 19.99",
		`"name": "dynamodb"`, `"namespace": "aws"`, `"operation": "GetItem"`, `"table_name": "orders"`,
		`"request_id": "EXAMPLE-REQUEST-ID"`, `"name": "marshal"`, `"name": "attempt"`, `"name": "unmarshal"`,
	}},
	{dir: "awsv2", want: []string{
		"DynamoDB received X-Amzn-Trace-Id: Root=1-", "item: 19.99",
		`"name": "DynamoDB"`, `"namespace": "aws"`, `"operation": "GetItem"`, `"region": "us-west-2"`,
		`"request_id": "EXAMPLE-REQUEST-ID"`,
	}},
	{dir: "lambda", want: []string{
		"handler returned: <nil>", `"type": "subsegment"`, `"name": "validate"`, `"name": "store"`, `"name": "serialize"`,
	}, check: func(t *testing.T, stdout string) {
		// Both documents are children of the invocation's segment.
		m := regexp.MustCompile(`invoked with Root=(\S+);Parent=([0-9a-f]{16});Sampled=1`).FindStringSubmatch(stdout)
		if m == nil {
			t.Fatal("no invocation header printed")
		}
		if n := strings.Count(stdout, `"trace_id": "`+m[1]+`"`); n < 2 {
			t.Errorf("%d entities in the invocation's trace, want at least 2", n)
		}
		if n := strings.Count(stdout, `"type": "subsegment"`); n != 2 {
			t.Errorf("%d standalone subsegments, want 2", n)
		}
		if n := strings.Count(stdout, `"parent_id": "`+m[2]+`"`); n < 2 {
			t.Errorf("%d entities name the invocation's segment as parent, want at least 2", n)
		}
	}},
	{dir: "oversampling", want: []string{
		"downstream header: Root=1-", ";Sampled=0", `"name": "batch-job"`, `"messages": 1000`, `"name": "summarise"`,
	}, check: func(t *testing.T, stdout string) {
		for _, hidden := range []string{"process-message", `"name": "parse"`} {
			if strings.Contains(stdout, hidden) {
				t.Errorf("unsampled %s was sent", hidden)
			}
		}
		if n := strings.Count(stdout, "sent {"); n != 1 {
			t.Errorf("%d documents sent, want 1", n)
		}
	}},
	{dir: "plugins", want: []string{
		`"name": "worker"`, `"origin": "AWS::EC2::Instance"`,
		`"instance_id": "i-0123456789abcdef0"`, `"availability_zone": "us-west-2a"`,
	}},
}

// sdkLogLine matches a line of the SDK's default logger.
var sdkLogLine = regexp.MustCompile(`(?m)^\S+ \[(DEBUG|INFO|WARN|ERROR)\] `)

// TestExamples builds every example program and the demo (with the race
// detector when the test has it) and runs each: it must exit 0 quickly,
// print what it sent and log nothing.
func TestExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every example program")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}

	// One go build for all: the packages they share are compiled once.
	bin := t.TempDir()
	args := []string{"build", "-o", bin + string(filepath.Separator)}
	if raceEnabled {
		args = append(args, "-race")
	}
	for _, ex := range examples {
		args = append(args, "./"+ex.dir)
	}
	args = append(args, "./demo")
	start := time.Now()
	if out, err := exec.Command(goTool, args...).CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("built %d programs in %v", len(examples)+1, time.Since(start).Round(time.Millisecond))

	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			t.Parallel()
			stdout, stderr, _ := run(t, filepath.Join(bin, ex.dir))
			for _, w := range ex.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("output lacks %s", w)
				}
			}
			if ex.check != nil {
				ex.check(t, stdout)
			}
			if stderr != "" {
				t.Errorf("stderr:\n%s", stderr)
			}
			if l := sdkLogLine.FindString(stdout); l != "" {
				t.Errorf("the SDK logged: %s", l)
			}
			if t.Failed() {
				t.Logf("stdout:\n%s", stdout)
			}
		})
	}
	t.Run("demo", func(t *testing.T) {
		t.Parallel()
		testDemo(t, filepath.Join(bin, "demo"))
	})
}

// testDemo runs the demo: every scenario runs, every trace is drawn, and
// nothing else is printed.
func testDemo(t *testing.T, path string) {
	stdout, stderr, took := run(t, path)
	defer func() {
		if t.Failed() {
			t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
		}
	}()

	done := 0
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		switch {
		case !strings.HasPrefix(line, "running "):
			t.Errorf("unexpected stderr line %q", line)
		case strings.Contains(line, " failed: "):
			t.Errorf("scenario failed: %s", line)
		default:
			done++
		}
	}

	m := regexp.MustCompile(`(?m)^(\d+) traces, \d+ documents received on 127\.0\.0\.1:\d+$`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatal("no summary line")
	}
	traces, _ := strconv.Atoi(m[1])
	if drawn := len(regexp.MustCompile(`(?m)^trace 1-[0-9a-f]{8}-[0-9a-f]{24} `).FindAllString(stdout, -1)); drawn != traces {
		t.Errorf("%d waterfalls drawn, %d traces received", drawn, traces)
	}
	if traces < done || done < 12 {
		t.Errorf("%d traces from %d scenarios", traces, done)
	}
	// The receiver gives up waiting for missing traces after 20 s.
	if took > 15*time.Second {
		t.Errorf("the demo took %v: a scenario's traces did not all arrive", took)
	}
	for _, w := range []string{
		"shop-startup", "{origin=AWS::EC2::Instance}", // plugins
		"storefront.demo (remote)", "─ storefront ", // HTTP client and server
		"✗ fault http 500", "! throttle http 429", // error paths
		"Unknown (remote)",                // SQL (SQLite: detection finds nothing)
		"inventory (remote)", "{weeks=3}", // gRPC unary and stream
		"pricing.demo (remote)", "{sku=book-1}", // fasthttp
		"DynamoDB (aws)",                     // AWS SDK v2
		"sqs (aws)", "s3 (aws)", "unmarshal", // AWS SDK v1
		"reserve-courier", "notify-storefront", // Lambda
		"batch-job", // oversampling
	} {
		if !strings.Contains(stdout, w) {
			t.Errorf("the demo's output lacks %q", w)
		}
	}
	if strings.Contains(stdout, "\x1b[") {
		t.Error("colours on a pipe")
	}
}

// run executes a program with a time limit and the X-Ray environment
// variables of the test's own environment removed; it fails the test unless
// the program exits 0.
func run(t *testing.T, path string) (stdout, stderr string, took time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path)
	cmd.WaitDelay = 5 * time.Second
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_XRAY_") && !strings.HasPrefix(kv, "AWS_EC2_METADATA_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	took = time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("%s did not finish within %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(path), took.Round(time.Second), out.String(), errOut.String())
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) || err != nil {
		t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(path), err, out.String(), errOut.String())
	}
	return out.String(), errOut.String(), took
}
