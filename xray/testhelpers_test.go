package xray

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Test helpers shared by every test file of package xray.
//
//   newTestRecorder(t) (ctx, *testRecorder): a context whose segments are
//     sampled and whose documents go through the real packer and encoder
//     into memory. Recv(t, n) returns the next n documents decoded.
//   newTestDaemon(t) *testDaemon: a real UDP listener on 127.0.0.1:0.
//     Addr() is its address, Context(t) a context whose segments are
//     sampled and sent to it by a DefaultEmitter, Recv(t, n) the next n
//     documents decoded.
//
// Every document received is validated against the X-Ray segment document
// schema (validateSchema).

const recvTimeout = 5 * time.Second

// sampleAll samples every request, without allocating.
type sampleAll struct{}

var sampledDecision = sampling.Decision{Sample: true}

func (sampleAll) ShouldTrace(*sampling.Request) *sampling.Decision { return &sampledDecision }

// sampleNone samples nothing, without allocating.
type sampleNone struct{}

var notSampledDecision = sampling.Decision{Sample: false}

func (sampleNone) ShouldTrace(*sampling.Request) *sampling.Decision { return &notSampledDecision }

// testRecorder is an in-memory Emitter that packs and encodes like the
// DefaultEmitter (streaming and size limits included).
type testRecorder struct {
	mu     sync.Mutex
	docs   [][]byte
	notify chan struct{}
	stats  struct{ truncated, dropped int }
}

func newTestRecorder(t *testing.T) (context.Context, *testRecorder) {
	t.Helper()
	r := &testRecorder{notify: make(chan struct{}, 1)}
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: r, SamplingStrategy: sampleAll{}})
	if err != nil {
		t.Fatalf("ContextWithConfig: %v", err)
	}
	return ctx, r
}

// Emit packs seg like DefaultEmitter.Emit and keeps the documents.
func (r *testRecorder) Emit(seg *Segment) {
	if seg == nil || !seg.root().Sampled {
		return
	}
	p := getPacker()
	defer putPacker(p)
	p.pack(seg)
	r.mu.Lock()
	r.stats.truncated += p.truncated
	r.stats.dropped += p.dropped
	p.datagrams(func(d []byte) {
		r.docs = append(r.docs, bytes.Clone(d[len(Header):]))
	})
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

// RefreshEmitterWithAddress does nothing.
func (r *testRecorder) RefreshEmitterWithAddress(*net.UDPAddr) {}

// Pending returns how many documents arrived and were not received yet.
func (r *testRecorder) Pending() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.docs)
}

// RecvRaw waits up to 5 s for n documents and returns them undecoded but
// schema-validated.
func (r *testRecorder) RecvRaw(t *testing.T, n int) [][]byte {
	t.Helper()
	deadline := time.NewTimer(recvTimeout)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		if len(r.docs) >= n {
			out := r.docs[:n:n]
			r.docs = append([][]byte(nil), r.docs[n:]...)
			r.mu.Unlock()
			for _, d := range out {
				validateSchema(t, d)
			}
			return out
		}
		have := len(r.docs)
		r.mu.Unlock()
		select {
		case <-r.notify:
		case <-deadline.C:
			t.Fatalf("testRecorder: got %d documents within %v, want %d", have, recvTimeout, n)
		}
	}
}

// Recv waits up to 5 s for n documents and returns them decoded.
func (r *testRecorder) Recv(t *testing.T, n int) []map[string]interface{} {
	t.Helper()
	return decodeDocs(t, r.RecvRaw(t, n))
}

// testDaemon is a UDP listener standing in for the X-Ray daemon.
type testDaemon struct {
	conn *net.UDPConn
	ch   chan []byte
	done chan struct{}
}

func newTestDaemon(t *testing.T) *testDaemon {
	t.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	_ = conn.SetReadBuffer(8 << 20)
	d := &testDaemon{conn: conn, ch: make(chan []byte, 4096), done: make(chan struct{})}
	go d.loop()
	t.Cleanup(func() {
		_ = conn.Close()
		<-d.done
	})
	return d
}

func (d *testDaemon) loop() {
	defer close(d.done)
	buf := make([]byte, 1<<17)
	for {
		n, _, err := d.conn.ReadFromUDP(buf)
		if err != nil {
			return
		}
		select {
		case d.ch <- bytes.Clone(buf[:n]):
		default: // a test that floods the daemon without reading loses datagrams
		}
	}
}

// Addr is the daemon's address.
func (d *testDaemon) Addr() *net.UDPAddr { return d.conn.LocalAddr().(*net.UDPAddr) }

// Context returns a context whose segments are all sampled and sent to the
// daemon by a DefaultEmitter (closed at the end of the test).
func (d *testDaemon) Context(t *testing.T) (context.Context, *DefaultEmitter) {
	t.Helper()
	em, _ := NewDefaultEmitter(d.Addr())
	t.Cleanup(em.close)
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: em, SamplingStrategy: sampleAll{}})
	if err != nil {
		t.Fatalf("ContextWithConfig: %v", err)
	}
	return ctx, em
}

// RecvDatagrams waits up to 5 s for n datagrams and returns them whole
// (framing line included).
func (d *testDaemon) RecvDatagrams(t *testing.T, n int) [][]byte {
	t.Helper()
	deadline := time.NewTimer(recvTimeout)
	defer deadline.Stop()
	out := make([][]byte, 0, n)
	for len(out) < n {
		select {
		case b := <-d.ch:
			out = append(out, b)
		case <-deadline.C:
			t.Fatalf("testDaemon: got %d datagrams within %v, want %d", len(out), recvTimeout, n)
		}
	}
	return out
}

// RecvRaw waits up to 5 s for n documents and returns them with the framing
// line checked and stripped, schema-validated.
func (d *testDaemon) RecvRaw(t *testing.T, n int) [][]byte {
	t.Helper()
	grams := d.RecvDatagrams(t, n)
	docs := make([][]byte, len(grams))
	for i, g := range grams {
		if !bytes.HasPrefix(g, []byte(Header)) {
			t.Fatalf("datagram does not start with the header line: %q", g)
		}
		docs[i] = g[len(Header):]
		validateSchema(t, docs[i])
	}
	return docs
}

// Recv waits up to 5 s for n documents and returns them decoded.
func (d *testDaemon) Recv(t *testing.T, n int) []map[string]interface{} {
	t.Helper()
	return decodeDocs(t, d.RecvRaw(t, n))
}

// ExpectNone fails if a datagram arrives within wait.
func (d *testDaemon) ExpectNone(t *testing.T, wait time.Duration) {
	t.Helper()
	select {
	case b := <-d.ch:
		t.Fatalf("unexpected datagram: %s", b)
	case <-time.After(wait):
	}
}

func decodeDocs(t *testing.T, raw [][]byte) []map[string]interface{} {
	t.Helper()
	out := make([]map[string]interface{}, len(raw))
	for i, d := range raw {
		if err := json.Unmarshal(d, &out[i]); err != nil {
			t.Fatalf("document %d is not JSON: %v\n%s", i, err, d)
		}
	}
	return out
}

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

const schemaFile = "xray-segmentdocument-schema-v1.0.0.json"

// validateSchema checks raw against the X-Ray segment document schema
// (../../shared/data). Without the file the check is skipped with a log
// line.
func validateSchema(t *testing.T, raw []byte) {
	t.Helper()
	schemaOnce.Do(loadSchema)
	if errors.Is(schemaErr, os.ErrNotExist) {
		t.Logf("schema validation skipped: %v", schemaErr)
		return
	}
	if schemaErr != nil {
		t.Fatalf("loading the schema: %v", schemaErr)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("document is not JSON: %v\n%s", err, raw)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("document does not match the schema: %v\n%s", err, raw)
	}
}

// ecmaEscape matches the \uXXXX escapes of the schema's ECMA-262 patterns,
// which Go's regexp spells \x{XXXX}.
var ecmaEscape = regexp.MustCompile(`\\u([0-9a-fA-F]{4})`)

func loadSchema() {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "data", schemaFile))
	if err != nil {
		schemaErr = err
		return
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		schemaErr = err
		return
	}
	rewritePatterns(doc)
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaFile, doc); err != nil {
		schemaErr = err
		return
	}
	schema, schemaErr = c.Compile(schemaFile)
}

func rewritePatterns(v interface{}) {
	switch x := v.(type) {
	case map[string]interface{}:
		for k, val := range x {
			if s, ok := val.(string); ok && k == "pattern" {
				x[k] = ecmaEscape.ReplaceAllString(s, `\x{$1}`)
				continue
			}
			if k == "patternProperties" {
				if props, ok := val.(map[string]interface{}); ok {
					for pk, pv := range props {
						delete(props, pk)
						props[ecmaEscape.ReplaceAllString(pk, `\x{$1}`)] = pv
						rewritePatterns(pv)
					}
					continue
				}
			}
			rewritePatterns(val)
		}
	case []interface{}:
		for _, e := range x {
			rewritePatterns(e)
		}
	}
}
