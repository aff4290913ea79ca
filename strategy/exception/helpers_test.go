package exception_test

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/strategy/exception"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// testFileSuffix ends the directory of this package's test files as the frame
// path rules report it; the rest depends on where the module is checked out.
const testFileSuffix = "strategy/exception/"

var hexID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// line returns the line it is called from, for comparing with recorded frames.
func line() int {
	_, _, l, _ := runtime.Caller(1)
	return l
}

// newFormatter returns a formatter with the given frame budget.
func newFormatter(t testing.TB, frames int) *exception.DefaultFormattingStrategy {
	t.Helper()
	f, err := exception.NewDefaultFormattingStrategyWithDefinedErrorFrameCount(frames)
	if err != nil {
		t.Fatalf("NewDefaultFormattingStrategyWithDefinedErrorFrameCount(%d): %v", frames, err)
	}
	return f
}

// wireException is an exception as a consumer of the emitted JSON sees it.
type wireException struct {
	ID      *string     `json:"id"`
	Type    *string     `json:"type"`
	Message *string     `json:"message"`
	Stack   []wireFrame `json:"stack"`
	Remote  *bool       `json:"remote"`
}

type wireFrame struct {
	Path  *string `json:"path"`
	Line  *int    `json:"line"`
	Label *string `json:"label"`
}

// roundTrip marshals ex like the segment encoder (same tags, same order),
// checks the key order, and decodes it back, strictly.
func roundTrip(t *testing.T, ex exception.Exception) wireException {
	t.Helper()
	raw, err := json.Marshal(ex)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	assertKeyOrder(t, raw, []string{"id", "type", "message", "stack", "remote"})
	var w wireException
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return w
}

// assertKeyOrder checks that the keys present in the top-level object of raw
// appear in the given order.
func assertKeyOrder(t *testing.T, raw []byte, order []string) {
	t.Helper()
	last := -1
	for _, k := range order {
		i := bytes.Index(raw, []byte(`"`+k+`":`))
		if i < 0 {
			continue
		}
		if i < last {
			t.Errorf("key %q out of order in %s", k, raw)
		}
		last = i
	}
}

func str(p *string) string {
	if p == nil {
		return "<absent>"
	}
	return *p
}

// labels lists the labels of the frames.
func labels(frames []wireFrame) []string {
	out := make([]string, len(frames))
	for i, fr := range frames {
		out[i] = str(fr.Label)
	}
	return out
}

// stackLabels lists the labels of an exception's frames.
func stackLabels(st []exception.Stack) []string {
	out := make([]string, len(st))
	for i, fr := range st {
		out[i] = fr.Label
	}
	return out
}

// hasPrefixLabels reports whether got starts with want.
func hasPrefixLabels(got, want []string) bool {
	if len(got) < len(want) {
		return false
	}
	for i := range want {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func isTestFile(path string) bool {
	return strings.Contains(path, testFileSuffix) && strings.HasSuffix(path, "_test.go")
}

// jsonString marshals v.
func jsonString(v any) (string, error) {
	raw, err := json.Marshal(v)
	return string(raw), err
}

// captureLogs sends the SDK's log lines to the returned buffer until the test
// ends. The logger serialises writes; read the buffer once the code under
// test has returned.
func captureLogs(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	logger.Inject(xraylog.NewDefaultLogger(&buf, xraylog.LogLevelDebug))
	t.Cleanup(func() { logger.Inject(xraylog.NewDefaultLogger(os.Stdout, xraylog.LogLevelInfo)) })
	return &buf
}
