package xray

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// Small helpers for this package's own tests.

var (
	traceIDPattern = regexp.MustCompile(`^1-[0-9a-f]{8}-[0-9a-f]{24}$`)
	idPattern      = regexp.MustCompile(`^[0-9a-f]{16}$`)
)

// logCapture records every log line (all levels) while installed.
type logCapture struct {
	mu    sync.Mutex
	lines []string
}

func (l *logCapture) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	text := level.String() + " " + msg.String()
	l.mu.Lock()
	l.lines = append(l.lines, text)
	l.mu.Unlock()
}

// Lines returns the recorded lines.
func (l *logCapture) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// Has reports whether a line starts with prefix.
func (l *logCapture) Has(prefix string) bool {
	for _, line := range l.Lines() {
		if strings.HasPrefix(line, prefix) {
			return true
		}
	}
	return false
}

// captureLogs installs a logCapture until the end of the test.
func captureLogs(t *testing.T) *logCapture {
	t.Helper()
	prev := logger.Logger()
	l := &logCapture{}
	SetLogger(l)
	t.Cleanup(func() { SetLogger(prev) })
	return l
}

// keepGlobalConfig restores the process-wide configuration at the end of
// the test. Tests using it must not run in parallel.
func keepGlobalConfig(t *testing.T) {
	t.Helper()
	prev := global()
	t.Cleanup(func() { globalPtr.Store(prev) })
}

// str, num, obj and arr read decoded JSON.
func str(t *testing.T, m map[string]interface{}, key string) string {
	t.Helper()
	v, ok := m[key].(string)
	if !ok {
		t.Fatalf("%q is %T (%v), want a string in %v", key, m[key], m[key], m)
	}
	return v
}

func obj(t *testing.T, m map[string]interface{}, key string) map[string]interface{} {
	t.Helper()
	v, ok := m[key].(map[string]interface{})
	if !ok {
		t.Fatalf("%q is %T (%v), want an object in %v", key, m[key], m[key], m)
	}
	return v
}

func arr(t *testing.T, m map[string]interface{}, key string) []interface{} {
	t.Helper()
	v, ok := m[key].([]interface{})
	if !ok {
		t.Fatalf("%q is %T (%v), want an array in %v", key, m[key], m[key], m)
	}
	return v
}

// subsegmentsOf returns the embedded subsegments of a decoded document.
func subsegmentsOf(t *testing.T, doc map[string]interface{}) []map[string]interface{} {
	t.Helper()
	raw, ok := doc["subsegments"]
	if !ok {
		return nil
	}
	list, ok := raw.([]interface{})
	if !ok {
		t.Fatalf("subsegments is %T", raw)
	}
	out := make([]map[string]interface{}, len(list))
	for i, e := range list {
		out[i] = e.(map[string]interface{})
	}
	return out
}

// deliveredEntity is one segment or subsegment found in received documents.
type deliveredEntity struct {
	doc        map[string]interface{}
	standalone bool   // a document of its own
	parent     string // id of the entity it was embedded in ("" for documents)
}

// flatten returns every entity of docs by id, failing on a closed entity
// delivered twice. An entity seen in progress and later closed keeps the
// closed version.
func flatten(t *testing.T, docs []map[string]interface{}) map[string]deliveredEntity {
	t.Helper()
	out := map[string]deliveredEntity{}
	var walk func(d map[string]interface{}, standalone bool, parent string)
	walk = func(d map[string]interface{}, standalone bool, parent string) {
		id := str(t, d, "id")
		_, closed := d["end_time"]
		if prev, ok := out[id]; ok {
			_, prevClosed := prev.doc["end_time"]
			if prevClosed && closed {
				t.Errorf("entity %s (%v) delivered closed twice", id, d["name"])
			}
			if !closed {
				return
			}
		}
		out[id] = deliveredEntity{doc: d, standalone: standalone, parent: parent}
		for _, c := range subsegmentsOf(t, d) {
			walk(c, false, id)
		}
	}
	for _, d := range docs {
		walk(d, true, "")
	}
	return out
}

// recordingStrategy reports each sampling request and samples nothing.
type recordingStrategy func(host, method, url, serviceName string)

func (f recordingStrategy) ShouldTrace(r *sampling.Request) *sampling.Decision {
	f(r.Host, r.Method, r.URL, r.ServiceName)
	return &notSampledDecision
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func modTime(path string) (time.Time, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return time.Time{}, err
	}
	return fi.ModTime(), nil
}

func setModTime(path string, t time.Time) error { return os.Chtimes(path, t, t) }

// logsDiscard is a logger that prints nothing.
type logsDiscard struct{}

func (logsDiscard) Log(xraylog.LogLevel, fmt.Stringer) {}

// withStringKey returns ctx carrying v under a plain string key, the way
// the Lambda runtime (and the fasthttp integration) store their values.
func withStringKey(ctx context.Context, key string, v interface{}) context.Context {
	//lint:ignore SA1029 the keys are fixed by the Lambda runtime and by upstream's fasthttp integration
	return context.WithValue(ctx, key, v)
}
