package xray

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/plugins"
	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

// encodingJSON is what encoding/json writes for s, minus the Dummy key that
// decisions.md removes from the wire format.
func encodingJSON(t *testing.T, s *Segment) []byte {
	t.Helper()
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	for _, suffix := range []string{`,"Dummy":false}`, `,"Dummy":true}`} {
		if bytes.HasSuffix(want, []byte(suffix)) {
			return append(want[:len(want)-len(suffix)], '}')
		}
	}
	t.Fatalf("no Dummy key at the end of %s", want)
	return nil
}

func encodeEntity(s *Segment) []byte {
	e := getEncoder()
	defer putEncoder(e)
	return bytes.Clone(e.appendEntity(nil, s))
}

type jsonTagged struct {
	A string `json:"a"`
	B []int  `json:"b,omitempty"`
}

func fullSegment() *Segment {
	s := &Segment{
		TraceID:      "1-5759e988-bd862e3fe1be46a994272793",
		ID:           "53995c3f42cd8ad8",
		Name:         "full <&> \"quoted\" \\ \u2028 \x01 \b\f\n\r\t é 日本 \xff",
		StartTime:    1705096131.2207565,
		EndTime:      1705096131.9,
		InProgress:   true,
		ParentID:     "0123456789abcdef",
		Fault:        true,
		Error:        true,
		Throttle:     true,
		ResourceARN:  "arn:aws:x",
		Origin:       "AWS::EC2::Instance",
		Type:         "subsegment",
		Namespace:    "remote",
		User:         "bob",
		PrecursorIDs: []string{"a", "b"},
		HTTP: &HTTPData{
			Request:  &RequestData{Method: "GET", URL: "http://x/<y>", ClientIP: "1.2.3.4", UserAgent: "ua", XForwardedFor: true, Traced: true},
			Response: &ResponseData{Status: 503, ContentLength: -1},
		},
		AWS: map[string]interface{}{
			"xray":              SDK{Version: SDKVersion, Type: SDKType, RuleName: "r1"},
			"ec2":               &plugins.EC2Metadata{InstanceID: "i-1", AvailabilityZone: "us-west-2a"},
			"ecs":               &plugins.ECSMetadata{ContainerName: "c"},
			"elastic_beanstalk": &plugins.BeanstalkMetadata{Environment: "e", VersionLabel: "v", DeploymentID: 3},
			"retries":           2,
			"operation":         "ListTables",
			"nothing":           nil,
		},
		Service: &ServiceData{Version: "1.0", RuntimeVersion: "go1", Runtime: "gc"},
		SQL: &SQLData{ConnectionString: "c", URL: "u", DatabaseType: "t", DatabaseVersion: "v", DriverVersion: "d",
			User: "us", Preparation: "statement", SanitizedQuery: "SELECT 1"},
		Annotations: map[string]interface{}{
			"s": "v", "i": 42, "u": uint(7), "f": 0.000001, "g": float32(3.14), "big": 1e21, "neg": -2.5, "b": false, "z": 0.0,
		},
		Metadata: map[string]map[string]interface{}{
			"default": {
				"map":     map[string]interface{}{"z": 1, "a": []interface{}{"x", 2.5, true, nil}},
				"strings": []string{"a", "<b>"},
				"smap":    map[string]string{"k": "v"},
				"struct":  jsonTagged{A: "x", B: []int{1}},
				"ptr":     &jsonTagged{A: "y"},
				"bytes":   []byte("hi"),
				"int64":   int64(-9),
				"uint64":  uint64(math.MaxUint64),
				"tiny":    float32(1e-7),
				"raw":     json.RawMessage(`{"a": 1}`),
			},
			"http": {"n": 1},
			"nil":  nil,
		},
		Subsegments: []json.RawMessage{json.RawMessage(`{"id":"x"}`), json.RawMessage(`{"id":"y"}`)},
	}
	s.Cause = &CauseData{WorkingDirectory: "/w", Paths: []string{"p"}, Exceptions: []exception.Exception{
		{ID: "0123456789abcdef", Type: "errors.errorString", Message: "boom", Remote: true,
			Stack: []exception.Stack{{Path: "a/b.go", Line: 3, Label: "F"}, {}}},
		{ID: "1123456789abcdef"},
	}}
	return s
}

func TestEncoderMatchesEncodingJSON(t *testing.T) {
	cases := map[string]*Segment{
		"minimal":      {ID: "0000000000000000", Name: "n"},
		"full":         fullSegment(),
		"empty blocks": {ID: "1", Name: "e", HTTP: &HTTPData{Request: &RequestData{}, Response: &ResponseData{}}, Cause: &CauseData{}, Service: &ServiceData{}, SQL: &SQLData{}, AWS: map[string]interface{}{}, Annotations: map[string]interface{}{}, Metadata: map[string]map[string]interface{}{}},
		"dummy":        {ID: "2", Name: "d", Dummy: true, Sampled: true, StartTime: 1e-7},
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			got, want := encodeEntity(s), encodingJSON(t, s)
			if !bytes.Equal(got, want) {
				t.Errorf("encoder output differs from encoding/json\n got: %s\nwant: %s", got, want)
			}
		})
	}
}

func TestEncoderOmitsDummy(t *testing.T) {
	got := encodeEntity(&Segment{ID: "1", Name: "x", Dummy: true})
	if bytes.Contains(got, []byte("Dummy")) {
		t.Errorf("Dummy key emitted: %s", got)
	}
}

func TestEncoderReplacesUnencodableValues(t *testing.T) {
	logs := captureLogs(t)
	s := &Segment{ID: "1", Name: "x",
		Annotations: map[string]interface{}{"nan": math.NaN(), "ok": 1},
		Metadata: map[string]map[string]interface{}{"default": {
			"chan": make(chan int), "inf": math.Inf(1), "nested": map[string]interface{}{"f": func() {}},
			"panics": panicky{}, "fine": "yes",
		}},
	}
	raw := encodeEntity(s)
	var doc map[string]interface{}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, raw)
	}
	ann := obj(t, doc, "annotations")
	if ann["ok"] != 1.0 {
		t.Errorf("annotation ok = %v", ann["ok"])
	}
	if v := str(t, ann, "nan"); !strings.Contains(v, "unsupported value: NaN") {
		t.Errorf("nan annotation = %q", v)
	}
	md := obj(t, obj(t, doc, "metadata"), "default")
	if md["fine"] != "yes" {
		t.Errorf("fine = %v", md["fine"])
	}
	for key, want := range map[string]string{"chan": "unsupported type: chan int", "inf": "unsupported value: +Inf", "nested": "unsupported type: func()", "panics": "panic while encoding"} {
		if v := str(t, md, key); !strings.HasPrefix(v, "xray: metadata value could not be encoded: ") || !strings.Contains(v, want) {
			t.Errorf("%s = %q, want an error text containing %q", key, v, want)
		}
	}
	if !logs.Has("ERROR JSON error while marshalling (Sub)Segment: ") {
		t.Errorf("no error logged: %v", logs.Lines())
	}
}

type panicky struct{}

func (panicky) MarshalJSON() ([]byte, error) { panic("no") }

func TestEncoderCycleIsAnError(t *testing.T) {
	m := map[string]interface{}{}
	m["self"] = m
	s := &Segment{ID: "1", Name: "x", Metadata: map[string]map[string]interface{}{"default": {"cycle": m}}}
	captureLogs(t)
	var doc map[string]interface{}
	if err := json.Unmarshal(encodeEntity(s), &doc); err != nil {
		t.Fatal(err)
	}
	if v := str(t, obj(t, obj(t, doc, "metadata"), "default"), "cycle"); !strings.Contains(v, "cycle") {
		t.Errorf("cycle = %q", v)
	}
}

func TestEncoderTruncatesStrings(t *testing.T) {
	e := getEncoder()
	defer putEncoder(e)
	e.maxStr = 5
	got := string(e.appendString(nil, "héllo world"))
	if got != `"héll`+truncationMarker+`"` || !e.truncated {
		t.Errorf("got %s (truncated %v)", got, e.truncated)
	}
	e.truncated = false
	if got := string(e.appendString(nil, "short")); got != `"short"` || e.truncated {
		t.Errorf("short string changed: %s", got)
	}
}

func FuzzEncodeString(f *testing.F) {
	for _, s := range []string{"", "plain", "<>&", "\u2028\u2029", "\x00\x1f\x7f", "\xff\xfe", "é日本", "\\\"", "\b\f",
		"abcdefgh<ijklmnop", "abcdefghijklmno\"", "0123456789abcdef\x7f", "abcdefgh\u00e9abcdefgh", "abcdefgh&", "1234567\x1f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := getEncoder()
		defer putEncoder(e)
		got := e.appendString(nil, s)
		want, _ := json.Marshal(s)
		if !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func FuzzEncodeFloat(f *testing.F) {
	for _, v := range []float64{0, 1, -1, 1e-7, 1e-6, 1e20, 1e21, 1705096131.2207565, math.MaxFloat64, math.SmallestNonzeroFloat64, 123456789e-30} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		want, _ := json.Marshal(v)
		if got := appendFloat(nil, v, 64); !bytes.Equal(got, want) {
			t.Errorf("appendFloat(%v, 64) = %s, want %s", v, got, want)
		}
		v32 := float32(v)
		if math.IsInf(float64(v32), 0) {
			return
		}
		want, _ = json.Marshal(v32)
		if got := appendFloat(nil, float64(v32), 32); !bytes.Equal(got, want) {
			t.Errorf("appendFloat(%v, 32) = %s, want %s", v32, got, want)
		}
	})
}

// FuzzEncodeMetadata checks generic values built from fuzz input against
// encoding/json.
func FuzzEncodeMetadata(f *testing.F) {
	f.Add("k", "v", int64(1), 2.5, true)
	f.Add("<&>", "\xff\u2028", int64(-1<<63), 1e-9, false)
	f.Fuzz(func(t *testing.T, k, v string, i int64, fl float64, b bool) {
		if math.IsNaN(fl) || math.IsInf(fl, 0) {
			fl = 0
		}
		s := &Segment{ID: "1", Name: k, Annotations: map[string]interface{}{k: v, k + "f": fl, k + "b": b},
			Metadata: map[string]map[string]interface{}{k: {v: map[string]interface{}{k: []interface{}{i, fl, b, v, nil}}, "i": i}}}
		if got, want := encodeEntity(s), encodingJSON(t, s); !bytes.Equal(got, want) {
			t.Errorf("differs\n got: %s\nwant: %s", got, want)
		}
	})
}

func TestEncodingJSONErrorsMatch(t *testing.T) {
	// The error texts embedded in replaced values are encoding/json's.
	_, err := json.Marshal(math.NaN())
	e := getEncoder()
	defer putEncoder(e)
	_, got := e.appendValue(nil, math.NaN(), 0)
	if err == nil || got == nil || got.Error() != err.Error() {
		t.Errorf("NaN error %v, encoding/json says %v", got, err)
	}
	var ute *json.UnsupportedTypeError
	_, got = e.appendValue(nil, make(chan int), 0)
	if !errors.As(got, &ute) {
		t.Errorf("chan error %T %v", got, got)
	}
}

func TestIDFormats(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		tid, id := newRootIDs(nil, 0x65a1b2c3)
		if !traceIDPattern.MatchString(tid) || tid[2:10] != "65a1b2c3" || !idPattern.MatchString(id) {
			t.Fatalf("ids %q %q", tid, id)
		}
		for _, v := range []string{tid, id, NewTraceID(), NewSegmentID()} {
			if seen[v] {
				t.Fatalf("duplicate id %s", v)
			}
			seen[v] = true
		}
	}
	if !traceIDPattern.MatchString(NewTraceID()) || !idPattern.MatchString(NewSegmentID()) {
		t.Error("exported generators")
	}
}
