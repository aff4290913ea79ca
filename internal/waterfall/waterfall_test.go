package waterfall

import (
	"bytes"
	"strings"
	"testing"
)

const rootDoc = `{"trace_id":"1-65a1b2c3-0123456789abcdef01234567","id":"aaaaaaaaaaaaaaaa","name":"orders","start_time":100.0,"end_time":100.1,"origin":"AWS::EC2::Instance",
"annotations":{"customer":"c-42"},"http":{"response":{"status":200}},
"subsegments":[{"id":"bbbbbbbbbbbbbbbb","name":"load-cart","start_time":100.01,"end_time":100.05,"fault":true,
  "subsegments":[{"id":"cccccccccccccccc","name":"SELECT","namespace":"remote","start_time":100.02,"end_time":100.03}]}]}`

const streamedDoc = `{"trace_id":"1-65a1b2c3-0123456789abcdef01234567","id":"dddddddddddddddd","parent_id":"aaaaaaaaaaaaaaaa","type":"subsegment","name":"step-1","start_time":100.06,"end_time":100.09,"error":true}`

func TestCollectorAssemblesEmbeddedAndStreamed(t *testing.T) {
	c := NewCollector()
	if err := c.Add([]byte(streamedDoc)); err != nil {
		t.Fatal(err)
	}
	if err := c.Add([]byte(rootDoc)); err != nil {
		t.Fatal(err)
	}
	if err := c.Add([]byte(`not json`)); err == nil {
		t.Fatal("malformed document accepted")
	}
	traces := c.Traces()
	if len(traces) != 1 {
		t.Fatalf("traces = %d, want 1", len(traces))
	}
	tr := traces[0]
	if len(tr.Roots) != 1 || tr.Roots[0].Name != "orders" {
		t.Fatalf("roots = %+v", tr.Roots)
	}
	kids := tr.Roots[0].children
	if len(kids) != 2 || kids[0].Name != "load-cart" || kids[1].Name != "step-1" {
		t.Fatalf("children of root: %v", names(kids))
	}
	if tr.Start != 100.0 || tr.End != 100.1 {
		t.Fatalf("span = %v..%v", tr.Start, tr.End)
	}
}

func TestRenderPlainHasNoEscapes(t *testing.T) {
	c := NewCollector()
	_ = c.Add([]byte(rootDoc))
	_ = c.Add([]byte(streamedDoc))
	var buf bytes.Buffer
	Render(&buf, c.Traces()[0], Style{})
	out := buf.String()
	for _, want := range []string{"orders", "load-cart", "SELECT (remote)", "step-1", "✗ fault", "! error", "customer=c-42", "http 200", "AWS::EC2::Instance", "100.0ms"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("plain style wrote ANSI escapes:\n%s", out)
	}
	if lines := strings.Count(out, "\n"); lines != 5 {
		t.Errorf("lines = %d, want 5 (header + 4 entities):\n%s", lines, out)
	}
}

func TestRenderColour(t *testing.T) {
	c := NewCollector()
	_ = c.Add([]byte(rootDoc))
	var buf bytes.Buffer
	Render(&buf, c.Traces()[0], Style{Color: true})
	if !strings.Contains(buf.String(), ansiRed) {
		t.Errorf("fault not painted red:\n%s", buf.String())
	}
}

func TestRenderOpenSegment(t *testing.T) {
	c := NewCollector()
	_ = c.Add([]byte(`{"trace_id":"1-1-1","id":"e","name":"worker","start_time":5,"in_progress":true}`))
	var buf bytes.Buffer
	Render(&buf, c.Traces()[0], Style{})
	if !strings.Contains(buf.String(), "in progress") {
		t.Errorf("open segment not marked:\n%s", buf.String())
	}
}

func names(es []*Entity) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
	}
	return out
}
