package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// OTLP span kinds and status codes as the file exporter writes them.
const (
	kindInternal = 1
	kindServer   = 2
	kindClient   = 3

	statusUnset = 0
	statusError = 2
)

// span is one exported span, flattened for assertions.
type span struct {
	TraceID  string
	SpanID   string
	ParentID string
	Name     string
	Kind     int
	Start    uint64
	End      uint64
	Attrs    map[string]any // string, bool, int64, float64 or []any
	Events   []event
	Status   int
	Message  string
	Resource map[string]any
	// Doc numbers the exporter line the span came from: one line per
	// document the receiver accepted (the pipeline has no batching).
	Doc int
}

// event is one span event (the receiver turns X-Ray exceptions into
// events named "exception").
type event struct {
	Name  string
	Attrs map[string]any
}

// attr returns the attribute key of s and fails t when it is missing.
func (s span) attr(t *testing.T, key string) any {
	t.Helper()
	v, ok := s.Attrs[key]
	if !ok {
		t.Fatalf("span %q has no attribute %q; attributes: %v", s.Name, key, s.Attrs)
	}
	return v
}

// wantAttr fails t unless attribute key of s equals want.
func (s span) wantAttr(t *testing.T, key string, want any) {
	t.Helper()
	if got := s.attr(t, key); got != want {
		t.Errorf("span %q attribute %q = %#v, want %#v", s.Name, key, got, want)
	}
}

// OTLP JSON shapes, as written by the collector's file exporter.
type (
	otlpFile struct {
		ResourceSpans []struct {
			Resource struct {
				Attributes []otlpKV `json:"attributes"`
			} `json:"resource"`
			ScopeSpans []struct {
				Spans []otlpSpan `json:"spans"`
			} `json:"scopeSpans"`
		} `json:"resourceSpans"`
	}
	otlpSpan struct {
		TraceID      string   `json:"traceId"`
		SpanID       string   `json:"spanId"`
		ParentSpanID string   `json:"parentSpanId"`
		Name         string   `json:"name"`
		Kind         int      `json:"kind"`
		Start        string   `json:"startTimeUnixNano"`
		End          string   `json:"endTimeUnixNano"`
		Attributes   []otlpKV `json:"attributes"`
		Events       []struct {
			Name       string   `json:"name"`
			Attributes []otlpKV `json:"attributes"`
		} `json:"events"`
		Status struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"status"`
	}
	otlpKV struct {
		Key   string    `json:"key"`
		Value otlpValue `json:"value"`
	}
	otlpValue struct {
		StringValue *string  `json:"stringValue"`
		BoolValue   *bool    `json:"boolValue"`
		IntValue    *string  `json:"intValue"`
		DoubleValue *float64 `json:"doubleValue"`
		ArrayValue  *struct {
			Values []otlpValue `json:"values"`
		} `json:"arrayValue"`
	}
)

// value converts an OTLP any-value to a plain Go value.
func (v otlpValue) value() any {
	switch {
	case v.StringValue != nil:
		return *v.StringValue
	case v.BoolValue != nil:
		return *v.BoolValue
	case v.IntValue != nil:
		n, _ := strconv.ParseInt(*v.IntValue, 10, 64)
		return n
	case v.DoubleValue != nil:
		return *v.DoubleValue
	case v.ArrayValue != nil:
		out := make([]any, 0, len(v.ArrayValue.Values))
		for _, e := range v.ArrayValue.Values {
			out = append(out, e.value())
		}
		return out
	}
	return nil
}

func attrMap(kvs []otlpKV) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = kv.Value.value()
	}
	return m
}

// readSpans parses every line of the exporter's file. A line still being
// written (no newline yet) is left for the next read.
func (c *collector) readSpans(t *testing.T) []span {
	t.Helper()
	data, err := os.ReadFile(c.outPath)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
		data = data[:i+1]
	} else {
		return nil
	}
	var out []span
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for doc := 0; sc.Scan(); doc++ {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var f otlpFile
		if err := json.Unmarshal(line, &f); err != nil {
			t.Fatalf("exporter wrote a line that is not OTLP JSON: %v\n%.500s", err, line)
		}
		for _, rs := range f.ResourceSpans {
			res := attrMap(rs.Resource.Attributes)
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					start, _ := strconv.ParseUint(s.Start, 10, 64)
					end, _ := strconv.ParseUint(s.End, 10, 64)
					sp := span{
						TraceID: s.TraceID, SpanID: s.SpanID, ParentID: s.ParentSpanID,
						Name: s.Name, Kind: s.Kind, Start: start, End: end,
						Attrs: attrMap(s.Attributes), Status: s.Status.Code,
						Message: s.Status.Message, Resource: res, Doc: doc,
					}
					for _, e := range s.Events {
						sp.Events = append(sp.Events, event{Name: e.Name, Attrs: attrMap(e.Attributes)})
					}
					out = append(out, sp)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// otlpTraceID converts an X-Ray trace id (1-5f84c7a1-e7d1852db8c4fd35d88bf49a)
// to the OTLP form the receiver produces (5f84c7a1e7d1852db8c4fd35d88bf49a).
func otlpTraceID(xrayID string) string {
	return strings.ReplaceAll(strings.TrimPrefix(xrayID, "1-"), "-", "")
}

// waitTrace waits until the exporter holds exactly want spans of the X-Ray
// trace xrayID, unchanged for settleTime (so late duplicates are caught),
// and returns them sorted by start time. It fails t on a timeout, when more
// than want spans arrive, when a span id repeats, or as soon as the
// collector logs a problem (a rejected document).
func (c *collector) waitTrace(t *testing.T, xrayID string, want int) []span {
	t.Helper()
	spans := c.waitTraceBetween(t, xrayID, want, want)
	checkUnique(t, spans)
	return spans
}

// waitTraceRaw is waitTrace without the duplicate check, for traces where
// one subsegment is legitimately sent twice (in progress, then closed).
func (c *collector) waitTraceRaw(t *testing.T, xrayID string, want int) []span {
	t.Helper()
	return c.waitTraceBetween(t, xrayID, want, want)
}

// waitTraceBetween waits until the exporter holds between lo and hi spans
// of the X-Ray trace xrayID, unchanged for settleTime, and returns them
// sorted by start time.
func (c *collector) waitTraceBetween(t *testing.T, xrayID string, lo, hi int) []span {
	t.Helper()
	id := otlpTraceID(xrayID)
	deadline := time.Now().Add(spanWaitTimeout)
	var (
		got       []span
		stableFor time.Time
	)
	for {
		var cur []span
		for _, s := range c.readSpans(t) {
			if s.TraceID == id {
				cur = append(cur, s)
			}
		}
		if len(cur) != len(got) {
			stableFor = time.Now()
		}
		got = cur
		if len(got) > hi {
			t.Fatalf("trace %s: %d spans exported, want at most %d:\n%s", xrayID, len(got), hi, describe(got))
		}
		if len(got) >= lo && time.Since(stableFor) >= settleTime {
			break
		}
		if p := c.problems(); len(p) > 0 {
			t.Fatalf("trace %s: the collector reported problems with %d of %d spans exported:\n  %s",
				xrayID, len(got), lo, strings.Join(p, "\n  "))
		}
		if time.Now().After(deadline) {
			t.Fatalf("trace %s: %d spans exported after %s, want %d:\n%s", xrayID, len(got), spanWaitTimeout, lo, describe(got))
		}
		time.Sleep(50 * time.Millisecond)
	}
	sort.SliceStable(got, func(i, j int) bool { return got[i].Start < got[j].Start })
	return got
}

// documents returns how many documents (exporter lines) carried spans of
// the X-Ray trace xrayID.
func (c *collector) documents(t *testing.T, xrayID string) int {
	t.Helper()
	docs := map[int]bool{}
	for _, s := range c.readSpans(t) {
		if s.TraceID == otlpTraceID(xrayID) {
			docs[s.Doc] = true
		}
	}
	return len(docs)
}

// checkUnique fails t when two spans share a span id (a duplicated
// document).
func checkUnique(t *testing.T, spans []span) {
	t.Helper()
	seen := map[string]string{}
	for _, s := range spans {
		if prev, ok := seen[s.SpanID]; ok {
			t.Errorf("span id %s exported twice (%q and %q)", s.SpanID, prev, s.Name)
		}
		seen[s.SpanID] = s.Name
	}
}

// byName returns the only span called name, failing t when there is not
// exactly one.
func byName(t *testing.T, spans []span, name string) span {
	t.Helper()
	var found []span
	for _, s := range spans {
		if s.Name == name {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d spans named %q, want 1:\n%s", len(found), name, describe(spans))
	}
	return found[0]
}

// named returns every span called name.
func named(spans []span, name string) []span {
	var out []span
	for _, s := range spans {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// wantChild fails t unless child's parent is parent and its times lie
// within the parent's.
func wantChild(t *testing.T, parent, child span) {
	t.Helper()
	if child.ParentID != parent.SpanID {
		t.Errorf("span %q has parent %s, want %q (%s)", child.Name, child.ParentID, parent.Name, parent.SpanID)
	}
	if child.Start < parent.Start || (parent.End != 0 && child.End != 0 && child.End > parent.End) {
		t.Errorf("span %q [%d,%d] not within its parent %q [%d,%d]", child.Name, child.Start, child.End, parent.Name, parent.Start, parent.End)
	}
}

// wantTimes fails t unless s has a start and an end, in order.
func wantTimes(t *testing.T, s span) {
	t.Helper()
	if s.Start == 0 || s.End == 0 || s.End < s.Start {
		t.Errorf("span %q has times [%d,%d]", s.Name, s.Start, s.End)
	}
}

// wantException fails t unless s has error status and an exception event
// whose type and message contain the given texts.
func wantException(t *testing.T, s span, typ, msg string) {
	t.Helper()
	if s.Status != statusError {
		t.Errorf("span %q status %d, want error (%d)", s.Name, s.Status, statusError)
	}
	for _, e := range s.Events {
		if e.Name != "exception" {
			continue
		}
		gotType, _ := e.Attrs["exception.type"].(string)
		gotMsg, _ := e.Attrs["exception.message"].(string)
		if strings.Contains(gotType, typ) && strings.Contains(gotMsg, msg) {
			if _, ok := e.Attrs["aws.xray.exception.id"]; !ok {
				t.Errorf("span %q exception event has no id", s.Name)
			}
			return
		}
	}
	t.Errorf("span %q has no exception event of type %q with message %q; events: %+v", s.Name, typ, msg, s.Events)
}

// describe lists spans one per line, for failure messages.
func describe(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		fmt.Fprintf(&b, "  %s %s parent=%s kind=%d status=%d %q\n", s.TraceID, s.SpanID, s.ParentID, s.Kind, s.Status, s.Name)
	}
	return b.String()
}
