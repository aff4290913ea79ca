package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/xray"
)

const (
	// collectorPathEnv names a collector binary to use instead of the
	// cached one (make e2e sets it to what collector/build.sh printed).
	collectorPathEnv = "XRAY_E2E_OTELCOL"
	// requireCollectorEnv=1 turns a missing collector into a failure
	// instead of a skip (make e2e and CI set it).
	requireCollectorEnv = "XRAY_E2E_REQUIRE_COLLECTOR"
	// debugExporterEnv=1 adds the debug exporter (detailed) to the
	// pipeline: every span is printed to the collector's log.
	debugExporterEnv = "XRAY_E2E_DEBUG"
	// keepEnv names a directory where each test's exported OTLP JSON is
	// kept (<test name>.otlp.json), for inspection.
	keepEnv = "XRAY_E2E_KEEP"

	// collectorStartTimeout bounds the wait for a collector to be ready;
	// generous because the machine may be busy.
	collectorStartTimeout = 60 * time.Second
	// spanWaitTimeout bounds the wait for spans in the exporter's file.
	spanWaitTimeout = 30 * time.Second
	// settleTime is how long a trace must stay unchanged in the exported
	// file before it is taken as complete (several flush intervals).
	settleTime = 400 * time.Millisecond
)

var binary struct {
	once sync.Once
	path string
	err  error
}

// collectorBinary returns the collector to run, or skips t (fails it under
// XRAY_E2E_REQUIRE_COLLECTOR=1) when none has been built.
func collectorBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		if p := os.Getenv(collectorPathEnv); p != "" {
			binary.path = p
			return
		}
		out, err := exec.Command("collector/build.sh", "--path").Output()
		if err != nil {
			binary.err = fmt.Errorf("collector/build.sh --path: %w", err)
			return
		}
		binary.path = strings.TrimSpace(string(out))
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	if _, err := os.Stat(binary.path); err != nil {
		msg := fmt.Sprintf("no collector binary at %s: run `make e2e` from the repository root or e2e/collector/build.sh", binary.path)
		if os.Getenv(requireCollectorEnv) == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return binary.path
}

// collector is one running OpenTelemetry Collector with the awsxray
// receiver, fed by the SDK and read back through its file exporter.
type collector struct {
	// UDPAddr receives segment documents; ProxyAddr is the receiver's
	// sampling proxy (TCP). Both are 127.0.0.1:port.
	UDPAddr   string
	ProxyAddr string
	// API is the fake X-Ray API the proxy forwards to.
	API *fakeXRay

	outPath string
	log     *lineBuffer
	cmd     *exec.Cmd
	exited  chan struct{}
	stopped bool
}

// startCollector runs a collector for the duration of t, with fake static
// AWS credentials in its environment, and waits until it is ready. The
// collector's log is checked for warnings and errors when t ends.
func startCollector(t *testing.T) *collector {
	t.Helper()
	bin := collectorBinary(t)
	api := newFakeXRay(t)
	dir := t.TempDir()

	// The receiver's proxy signs forwarded requests; these credentials and
	// the region keep it from looking anywhere else (no metadata service,
	// no shared files).
	t.Setenv("AWS_ACCESS_KEY_ID", fakeAccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "e2e-fake-secret-key")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", fakeRegion)
	t.Setenv("AWS_DEFAULT_REGION", fakeRegion)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "no-credentials"))
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "no-config"))
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CA_BUNDLE", "")
	t.Setenv("HTTPS_PROXY", "")
	t.Setenv("HTTP_PROXY", "")
	// The SDK must take its daemon address from Configure only.
	t.Setenv("AWS_XRAY_DAEMON_ADDRESS", "")

	var last error
	for attempt := 0; attempt < 3; attempt++ {
		c, err := launchCollector(t, bin, api, dir, attempt)
		if err == nil {
			t.Cleanup(func() { c.stop(t) })
			return c
		}
		last = err
	}
	t.Fatalf("collector did not start: %v", last)
	return nil
}

// launchCollector starts one collector process on fresh ports. A port
// taken between picking and binding shows up as an early exit and the
// caller retries.
func launchCollector(t *testing.T, bin string, api *fakeXRay, dir string, attempt int) (*collector, error) {
	c := &collector{
		UDPAddr:   fmt.Sprintf("127.0.0.1:%d", freePort(t, "udp4")),
		ProxyAddr: fmt.Sprintf("127.0.0.1:%d", freePort(t, "tcp4")),
		API:       api,
		outPath:   filepath.Join(dir, fmt.Sprintf("traces-%d.json", attempt)),
		log:       newLineBuffer(),
		exited:    make(chan struct{}),
	}
	cfgPath := filepath.Join(dir, fmt.Sprintf("otelcol-%d.yaml", attempt))
	if err := os.WriteFile(cfgPath, []byte(c.config()), 0o600); err != nil {
		t.Fatal(err)
	}
	c.cmd = exec.Command(bin, "--config", cfgPath)
	c.cmd.Stdout = c.log
	c.cmd.Stderr = c.log
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() {
		_ = c.cmd.Wait()
		close(c.exited)
	}()

	deadline := time.Now().Add(collectorStartTimeout)
	for {
		select {
		case <-c.exited:
			return nil, fmt.Errorf("collector exited during start-up:\n%s", c.log.String())
		case <-c.log.changed():
		case <-time.After(100 * time.Millisecond):
		}
		if c.log.contains("Everything is ready") && dialable(c.ProxyAddr) {
			return c, nil
		}
		if time.Now().After(deadline) {
			c.terminate()
			return nil, fmt.Errorf("collector not ready after %s:\n%s", collectorStartTimeout, c.log.String())
		}
	}
}

// config renders the collector configuration: the awsxray receiver on
// loopback (UDP for segments, TCP proxy in local mode towards the fake
// API), the file exporter writing OTLP JSON, JSON logs without sampling and
// no telemetry listener.
func (c *collector) config() string {
	exporters := "[file]"
	debug := ""
	if os.Getenv(debugExporterEnv) == "1" {
		exporters = "[file, debug]"
		debug = "  debug:\n    verbosity: detailed\n"
	}
	return fmt.Sprintf(`receivers:
  awsxray:
    endpoint: %s
    transport: udp
    proxy_server:
      endpoint: %s
      aws_endpoint: %s
      local_mode: true
      region: %s
exporters:
  file:
    path: %s
    flush_interval: 50ms
%sservice:
  telemetry:
    logs:
      level: debug
      encoding: json
      sampling:
        enabled: false
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [awsxray]
      exporters: %s
`, c.UDPAddr, c.ProxyAddr, c.API.URL, fakeRegion, c.outPath, debug, exporters)
}

// stop ends the collector (SIGTERM, then SIGKILL after 20 s) and reports
// every warning or error it logged as a failure of t.
func (c *collector) stop(t *testing.T) {
	if c.stopped {
		return
	}
	if dir := os.Getenv(keepEnv); dir != "" {
		if b, err := os.ReadFile(c.outPath); err == nil {
			_ = os.WriteFile(filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".otlp.json"), b, 0o644)
		}
	}
	if !c.terminate() {
		t.Errorf("collector did not stop on SIGTERM within 20 s")
	}
	for _, p := range c.problems() {
		t.Errorf("collector logged %s", p)
	}
	if t.Failed() {
		t.Logf("collector log (tail):\n%s", tail(c.log.String(), 60))
	}
}

// terminate ends the process: SIGTERM, then SIGKILL after 20 s. It
// reports whether SIGTERM was enough.
func (c *collector) terminate() bool {
	c.stopped = true
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
		return true
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
		return false
	}
}

// logEntry is the part of a collector JSON log line the tests read.
type logEntry struct {
	Level string `json:"level"`
	Msg   string `json:"msg"`
	Error string `json:"error"`
}

// problems returns the collector's log lines at WARN or above, and lines
// that are not JSON (a crash trace). After "Starting shutdown" the
// receiver's pollers report their closed socket as an error; that one is
// expected and not a problem.
func (c *collector) problems() []string {
	var out []string
	shuttingDown := false
	for _, line := range c.log.lines() {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var e logEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			out = append(out, "a non-JSON line: "+line)
			continue
		}
		if e.Msg == "Starting shutdown..." {
			shuttingDown = true
		}
		if shuttingDown && strings.Contains(e.Error, "use of closed network connection") {
			continue
		}
		switch e.Level {
		case "debug", "info":
		default:
			out = append(out, fmt.Sprintf("%s %q (error %q)", e.Level, e.Msg, e.Error))
		}
	}
	return out
}

// logMessages returns the log lines whose message contains substr.
func (c *collector) logMessages(substr string) []string {
	var out []string
	for _, line := range c.log.lines() {
		var e logEntry
		if json.Unmarshal([]byte(line), &e) == nil && strings.Contains(e.Msg, substr) {
			out = append(out, line)
		}
	}
	return out
}

// configureSDK points the SDK's global configuration at this collector:
// segments to its UDP endpoint, sampling API calls to its TCP proxy, and
// a strategy that samples everything.
func (c *collector) configureSDK(t *testing.T) {
	t.Helper()
	if err := xray.Configure(xray.Config{DaemonAddr: c.daemonAddr(), SamplingStrategy: sampleAll()}); err != nil {
		t.Fatalf("configure: %v", err)
	}
}

// daemonAddr is the SDK's two-part daemon address for this collector.
func (c *collector) daemonAddr() string {
	return "tcp:" + c.ProxyAddr + " udp:" + c.UDPAddr
}

// freePort returns a port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T, network string) int {
	t.Helper()
	if network == "udp4" {
		pc, err := net.ListenPacket(network, "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer pc.Close()
		return pc.LocalAddr().(*net.UDPAddr).Port
	}
	l, err := net.Listen(network, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// dialable reports whether a TCP listener accepts on addr.
func dialable(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// lineBuffer collects a process's output and signals each write.
type lineBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	notify chan struct{}
}

func newLineBuffer() *lineBuffer {
	return &lineBuffer{notify: make(chan struct{}, 1)}
}

// Write appends p and wakes a waiter.
func (b *lineBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	b.buf.Write(p)
	b.mu.Unlock()
	select {
	case b.notify <- struct{}{}:
	default:
	}
	return len(p), nil
}

// changed fires after a write.
func (b *lineBuffer) changed() <-chan struct{} { return b.notify }

// String returns everything written so far.
func (b *lineBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// contains reports whether the output holds substr.
func (b *lineBuffer) contains(substr string) bool {
	return strings.Contains(b.String(), substr)
}

// lines returns the complete lines written so far.
func (b *lineBuffer) lines() []string {
	s := b.String()
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	} else {
		return nil
	}
	return strings.Split(s, "\n")
}
