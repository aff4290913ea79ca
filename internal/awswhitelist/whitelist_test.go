package awswhitelist

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// v1Shape mimics an aws-sdk-go v1 input: an unexported marker first, every
// member a pointer.
type v1Shape struct {
	_ struct{} `type:"structure"`

	TableName       *string
	ConsistentRead  *bool
	Limit           *int64
	RequestItems    map[string][]string
	TableNames      []*string
	AttributesToGet []*string
	Capacity        *capacity
	Ratio           *float64
}

type capacity struct {
	CapacityUnits *float64
	TableName     *string
}

// v2Shape mimics an aws-sdk-go-v2 output: real fields first, enum strings
// and some non-pointer members, an unexported marker last.
type v2Shape struct {
	Count      int32
	Select     selectEnum
	Small      float32
	QueueUrls  []string
	Attributes map[string]string
	Marshalled *stamp
	Callback   func()
	//lint:ignore U1000 whitelisted by name to check that unexported fields are never read
	noSerde      struct{}
	embeddedPart // promoted fields
}

type selectEnum string

type embeddedPart struct {
	FunctionError *string
}

// stamp marshals itself; it must be stored as is.
type stamp struct{ v string }

func (s stamp) MarshalJSON() ([]byte, error) { return json.Marshal("stamp:" + s.v) }

func ptr[T any](v T) *T { return &v }

func mustParse(t *testing.T, doc string) *Whitelist {
	t.Helper()
	w, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return w
}

// encoded returns dst as the JSON the aws block would carry.
func encoded(t *testing.T, dst map[string]interface{}) string {
	t.Helper()
	b, err := json.Marshal(dst)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(b)
}

func TestDefaultWhitelistCoversTheDocumentedServices(t *testing.T) {
	w := Default()
	for _, c := range [][2]string{
		{"dynamodb", "GetItem"}, {"dynamodb", "ListTables"}, {"sqs", "SendMessage"},
		{"lambda", "Invoke"}, {"s3", "GetObject"}, {"sns", "Publish"},
		{"runtime.sagemaker", "InvokeEndpoint"},
	} {
		if w.Operation(c[0], c[1]) == nil {
			t.Errorf("default whitelist lacks %s %s", c[0], c[1])
		}
	}
	if w.Operation("dynamodb", "NoSuchOperation") != nil || w.Operation("nosuch", "GetItem") != nil {
		t.Error("unknown entries found")
	}
	if Default() != w {
		t.Error("Default compiled twice")
	}
}

func TestParametersAreRecordedUnderConvertedKeys(t *testing.T) {
	w := mustParse(t, `{"services":{"svc":{"operations":{"Op":{
		"request_parameters":["TableName","ConsistentRead","Limit","Capacity","Ratio","NoSuchField"],
		"response_parameters":["TableNames"]}}}}}`)
	op := w.Operation("svc", "Op")
	dst := map[string]interface{}{}
	op.AddRequest(dst, &v1Shape{
		TableName:      ptr("orders"),
		ConsistentRead: ptr(false),
		Capacity:       &capacity{CapacityUnits: ptr(0.5)},
	})
	op.AddResponse(dst, &v1Shape{})
	got := encoded(t, dst)
	want := `{"capacity":{"CapacityUnits":0.5,"TableName":null},"consistent_read":false,"table_name":"orders"}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// Scalars are stored as plain values, not as pointers into the input.
	if _, ok := dst["table_name"].(string); !ok {
		t.Errorf("table_name stored as %T", dst["table_name"])
	}
}

func TestDescriptors(t *testing.T) {
	w := mustParse(t, `{"services":{"svc":{"operations":{"Op":{
		"request_descriptors":{
			"RequestItems":{"map":true,"get_keys":true,"rename_to":"table_names"},
			"AttributesToGet":{"list":true,"get_count":true},
			"TableName":{"value":true,"rename_to":"TheTable"},
			"TableNames":{"list":false,"get_count":0,"rename_to":"table_count"},
			"Limit":{"map":true,"get_keys":true},
			"NoSuchField":{"list":true,"get_count":true}
		}}}}}}`)
	op := w.Operation("svc", "Op")
	dst := map[string]interface{}{}
	op.AddRequest(dst, &v1Shape{
		RequestItems: map[string][]string{"b": nil, "a": nil, "c": nil},
		TableName:    ptr("t"),
		Limit:        ptr(int64(3)),
	})
	// "list": false and "get_count": 0 are present, non-null values; a
	// missing field is left out (upstream panicked); Limit is not a map.
	want := `{"attributestoget":0,"table_count":0,"table_names":["a","b","c"],"the_table":"t"}`
	if got := encoded(t, dst); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	dst = map[string]interface{}{}
	op.AddRequest(dst, &v1Shape{AttributesToGet: []*string{ptr("x"), ptr("y")}, TableNames: []*string{}})
	want = `{"attributestoget":2,"table_count":0}`
	if got := encoded(t, dst); got != want {
		t.Errorf("nil map and value: got %s, want %s", got, want)
	}
}

func TestV2ShapedValues(t *testing.T) {
	w := mustParse(t, `{"services":{"svc":{"operations":{"Op":{
		"response_parameters":["Count","Select","Small","QueueUrls","Marshalled","Callback","FunctionError","noSerde"],
		"response_descriptors":{"Attributes":{"map":1,"get_keys":1},"QueueUrls":{"list":1,"get_count":1,"rename_to":"QueueCount"}}}}}}}`)
	op := w.Operation("svc", "Op")

	dst := map[string]interface{}{}
	op.AddResponse(dst, &v2Shape{})
	if got, want := encoded(t, dst), `{"queue_count":0}`; got != want {
		t.Errorf("zero output: got %s, want %s", got, want)
	}

	dst = map[string]interface{}{}
	op.AddResponse(dst, v2Shape{
		Count:        7,
		Select:       "ALL_ATTRIBUTES",
		Small:        0.1,
		QueueUrls:    []string{"u1", "u2"},
		Attributes:   map[string]string{"Policy": "p", "DelaySeconds": "0"},
		Marshalled:   &stamp{v: "x"},
		Callback:     func() {},
		embeddedPart: embeddedPart{FunctionError: ptr("Unhandled")},
	})
	want := `{"attributes":["DelaySeconds","Policy"],"count":7,"function_error":"Unhandled","marshalled":"stamp:x","queue_count":2,"queue_urls":["u1","u2"],"select":"ALL_ATTRIBUTES","small":0.1}`
	if got := encoded(t, dst); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestNilAndNonStructValues(t *testing.T) {
	logs := captureLogs(t)
	op := mustParse(t, `{"services":{"s":{"operations":{"o":{"request_parameters":["A"],"response_parameters":["A"]}}}}}`).Operation("s", "o")
	dst := map[string]interface{}{}
	op.AddResponse(dst, nil)
	op.AddResponse(dst, (*v2Shape)(nil))
	if len(dst) != 0 || len(logs.Lines()) != 0 {
		t.Fatalf("nil output: %v, logs %v", dst, logs.Lines())
	}
	op.AddRequest(dst, 42)
	if got := logs.Lines(); len(got) != 1 || got[0] != "ERROR keyValue only accepts structs; got reflect.Value" {
		t.Errorf("logs %q", got)
	}
	var nilOp *Operation
	nilOp.AddRequest(dst, &v1Shape{})
	nilOp.AddResponse(dst, &v1Shape{})
}

func TestMalformedSectionsAreLoggedWhenUsed(t *testing.T) {
	logs := captureLogs(t)
	w := mustParse(t, `{"services":{"s":{"operations":{
		"params":{"request_parameters":"TableName"},
		"mixed":{"request_parameters":["TableName",3]},
		"descs":{"response_descriptors":["TableNames"]},
		"missing":{"request_descriptors":{"TableName":{"rename_to":"x"},"Limit":"oops"}},
		"nulls":{"request_parameters":null,"request_descriptors":null}}}}}`)
	if got := logs.Lines(); len(got) != 0 {
		t.Fatalf("logged while compiling: %q", got)
	}
	const malformed = "ERROR failed to get values for aws attribute: cannot get corresponding items for given aws whitelisting json file"
	const missing = "ERROR Missing keys in request / response descriptors in AWS whitelist JSON file."
	for _, c := range []struct {
		op       string
		response bool
		want     []string
		dst      string
	}{
		{op: "params", want: []string{malformed}, dst: `{}`},
		{op: "mixed", want: []string{malformed}, dst: `{"table_name":"t"}`},
		{op: "descs", response: true, want: []string{malformed}, dst: `{}`},
		{op: "missing", want: []string{missing, missing}, dst: `{}`},
		{op: "nulls", dst: `{}`},
	} {
		logs.mu.Lock()
		logs.lines = nil
		logs.mu.Unlock()
		dst := map[string]interface{}{}
		op := w.Operation("s", c.op)
		in := &v1Shape{TableName: ptr("t"), Limit: ptr(int64(1))}
		if c.response {
			op.AddResponse(dst, in)
		} else {
			op.AddRequest(dst, in)
		}
		if got := logs.Lines(); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: logs %q, want %q", c.op, got, c.want)
		}
		if got := encoded(t, dst); got != c.dst {
			t.Errorf("%s: recorded %s, want %s", c.op, got, c.dst)
		}
	}
}

func TestUnexpectedShapesAreIgnored(t *testing.T) {
	logs := captureLogs(t)
	for _, doc := range []string{
		`{}`, `null`, `{"services":[]}`, `{"services":{"a":1}}`,
		`{"services":{"a":{"operations":[]}}}`, `{"services":{"a":{"operations":{"o":7}}}}`,
	} {
		w := mustParse(t, doc)
		if w.Operation("a", "o") != nil || w.OperationV2("a", "o") != nil {
			t.Errorf("%s: entry found", doc)
		}
	}
	if n := len(logs.Lines()); n != 4 {
		t.Errorf("want one error per ignored section, got %q", logs.Lines())
	}
}

func TestOperationV2FindsV1ServiceNames(t *testing.T) {
	w := Default()
	for _, c := range [][3]string{
		{"DynamoDB", "GetItem", "dynamodb"},
		{"SQS", "SendMessage", "sqs"},
		{"Lambda", "Invoke", "lambda"},
		{"S3", "GetObject", "s3"},
		{"SNS", "Publish", "sns"},
		{"SageMaker Runtime", "InvokeEndpoint", "runtime.sagemaker"},
		{"dynamodb", "GetItem", "dynamodb"},
	} {
		if got, want := w.OperationV2(c[0], c[1]), w.Operation(c[2], c[1]); got == nil || got != want {
			t.Errorf("OperationV2(%q, %q) = %p, want %p", c[0], c[1], got, want)
		}
	}
	if w.OperationV2("Route 53", "GetItem") != nil || w.OperationV2(strings.Repeat("X", 100), "GetItem") != nil {
		t.Error("unknown service matched")
	}
	var nilW *Whitelist
	if nilW.Operation("dynamodb", "GetItem") != nil || nilW.OperationV2("DynamoDB", "GetItem") != nil {
		t.Error("nil whitelist matched")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()

	w, err := Load("")
	if err != nil || w != Default() {
		t.Fatalf(`Load("") = %p, %v; want the default`, w, err)
	}

	logs := captureLogs(t)
	missing := filepath.Join(dir, "missing.json")
	w, err = Load(missing)
	if err != nil || w != Default() {
		t.Fatalf("missing file: %p, %v", w, err)
	}
	_, statErr := os.ReadFile(missing)
	want := "ERROR Error occurred while reading customized AWS whitelist JSON file. " + statErr.Error() +
		" \nReverting to default AWS whitelist JSON file."
	if got := logs.Lines(); len(got) != 1 || got[0] != want {
		t.Errorf("logs %q\nwant %q", got, want)
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"services": {`), 0o600); err != nil {
		t.Fatal(err)
	}
	var syntax *json.SyntaxError
	if _, err := Load(bad); !errors.As(err, &syntax) {
		t.Errorf("malformed file: err %v (%T), want a *json.SyntaxError", err, err)
	}

	custom := filepath.Join(dir, "custom.json")
	if err := os.WriteFile(custom, []byte(`{"services":{"dynamodb":{"operations":{"GetItem":{"request_parameters":["Limit"]}}}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	w, err = Load(custom)
	if err != nil || w.Operation("dynamodb", "GetItem") == nil || w.Operation("dynamodb", "PutItem") != nil {
		t.Errorf("custom file: %v", err)
	}
}
