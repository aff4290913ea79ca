package xray

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDefaultEmitterSendsFramedDatagrams(t *testing.T) {
	d := newTestDaemon(t)
	ctx, em := d.Context(t)
	_, seg := BeginSegment(ctx, "root")
	seg.Close(nil)
	g := d.RecvDatagrams(t, 1)[0]
	if !bytes.HasPrefix(g, []byte("{\"format\": \"json\", \"version\": 1}\n{")) || bytes.HasSuffix(g, []byte("\n")) {
		t.Errorf("datagram %q", g)
	}
	if em.DroppedDocuments() != 0 || em.TruncatedDocuments() != 0 {
		t.Errorf("counters %d %d", em.DroppedDocuments(), em.TruncatedDocuments())
	}
}

func TestHundredSubsegmentsFitDatagrams(t *testing.T) {
	d := newTestDaemon(t)
	ctx, em := d.Context(t)
	ctx, seg := BeginSegment(ctx, "root")
	want := map[string]bool{seg.ID: true}
	for i := 0; i < 100; i++ {
		c, s := BeginSubsegment(ctx, "sub")
		// Large enough that 20 of them do not fit one datagram.
		_ = s.AddMetadata("blob", strings.Repeat("x", 4000))
		_, inner := BeginSubsegment(c, "inner")
		inner.Close(nil)
		s.Close(nil)
		want[s.ID], want[inner.ID] = true, true
	}
	seg.Close(nil)

	got := map[string]bool{}
	deadline := time.After(5 * time.Second)
	for len(got) < len(want) {
		select {
		case g := <-d.ch:
			if len(g) > 65507 {
				t.Fatalf("datagram of %d bytes", len(g))
			}
			doc := g[len(Header):]
			validateSchema(t, doc)
			for id, e := range flatten(t, decodeDocs(t, [][]byte{doc})) {
				if got[id] {
					t.Errorf("%s delivered twice", id)
				}
				if e.doc["end_time"] == nil {
					t.Errorf("%s not closed", id)
				}
				got[id] = true
			}
		case <-deadline:
			t.Fatalf("got %d of %d entities", len(got), len(want))
		}
	}
	for id := range want {
		if !got[id] {
			t.Errorf("%s missing", id)
		}
	}
	if em.DroppedDocuments() != 0 {
		t.Errorf("%d dropped", em.DroppedDocuments())
	}
}

func TestOversizedEntityTruncated(t *testing.T) {
	d := newTestDaemon(t)
	ctx, em := d.Context(t)
	ctx, seg := BeginSegment(ctx, "root")
	_ = seg.AddMetadata("big", strings.Repeat("é", 50000))
	_ = seg.AddMetadata("struct", struct{ B string }{strings.Repeat("y", 70000)})
	_ = seg.AddAnnotation("small", "kept")
	_, sub := BeginSubsegment(ctx, "sub")
	sub.GetSQL().SanitizedQuery = strings.Repeat("SELECT 1;", 10000)
	sub.Close(nil)
	seg.Close(nil)

	docs := d.RecvRaw(t, 2)
	for _, doc := range docs {
		if len(doc)+len(Header) > 65507 {
			t.Errorf("datagram of %d bytes", len(doc)+len(Header))
		}
		if !bytes.Contains(doc, []byte(truncationMarker)) {
			t.Errorf("no truncation marker in %.200s", doc)
		}
	}
	decoded := decodeDocs(t, docs)
	if decoded[0]["name"] != "sub" || decoded[0]["type"] != "subsegment" || decoded[1]["name"] != "root" {
		t.Errorf("order %v %v", decoded[0]["name"], decoded[1]["name"])
	}
	if obj(t, decoded[1], "annotations")["small"] != "kept" {
		t.Error("annotation lost")
	}
	if em.TruncatedDocuments() != 2 || em.DroppedDocuments() != 0 {
		t.Errorf("truncated %d dropped %d", em.TruncatedDocuments(), em.DroppedDocuments())
	}
}

// A document that does not fit into a datagram even with every string cut
// (here: thousands of short metadata keys, or annotations) is sent without
// the data users can make arbitrarily large, and says so, rather than
// dropped: its trace keeps its root. Its children are streamed out first.
func TestOversizedUserDataSentBare(t *testing.T) {
	for _, c := range []struct {
		name string
		fill func(seg *Segment, i int)
	}{
		{"metadata", func(seg *Segment, i int) { _ = seg.AddMetadata(strings.Repeat("k", 10)+strconv.Itoa(i), i) }},
		{"annotations", func(seg *Segment, i int) { _ = seg.AddAnnotation("k"+strconv.Itoa(i), i) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newTestDaemon(t)
			ctx, em := d.Context(t)
			logs := captureLogs(t)
			ctx, seg := BeginSegment(ctx, "root")
			for i := 0; i < 20000; i++ {
				c.fill(seg, i)
			}
			_ = seg.AddError(errors.New("boom"))
			_, child := BeginSubsegment(ctx, "child")
			_ = child.AddAnnotation("kept", true)
			child.Close(nil)
			seg.Close(nil)
			raw := d.RecvRaw(t, 2)
			var docs []map[string]interface{}
			for _, r := range raw {
				if len(r) > maxDocument {
					t.Errorf("document of %d bytes", len(r))
				}
				var m map[string]interface{}
				if err := json.Unmarshal(r, &m); err != nil {
					t.Fatal(err)
				}
				docs = append(docs, m)
			}
			sub, root := docs[0], docs[1]
			if sub["name"] != "child" || obj(t, sub, "annotations")["kept"] != true {
				t.Errorf("streamed child %v", sub)
			}
			if root["name"] != "root" || root["fault"] != true || root["annotations"] != nil || root["cause"] != nil {
				t.Errorf("root %v", root)
			}
			if note := obj(t, obj(t, root, "metadata"), "default")["xray_sdk"]; note == nil {
				t.Errorf("root metadata %v", root["metadata"])
			}
			if x := obj(t, obj(t, root, "aws"), "xray"); x["sdk_version"] != SDKVersion {
				t.Errorf("aws.xray %v", x)
			}
			if em.DroppedDocuments() != 0 || em.TruncatedDocuments() != 1 {
				t.Errorf("dropped %d, truncated %d", em.DroppedDocuments(), em.TruncatedDocuments())
			}
			if !logs.Has(`WARN xray: segment "root" does not fit into a datagram even with truncated strings; sent without`) {
				t.Errorf("logs %v", logs.Lines())
			}
		})
	}
}

func TestDeadDaemonNeverBlocks(t *testing.T) {
	l, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	addr := l.LocalAddr().(*net.UDPAddr)
	_ = l.Close()
	logs := captureLogs(t)
	em, _ := NewDefaultEmitter(addr)
	defer em.close()
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: em, SamplingStrategy: sampleAll{}})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 50; i++ {
			_, seg := BeginSegment(ctx, "root")
			seg.Close(nil)
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("emitting to a dead daemon blocked")
	}
	if em.DroppedDocuments() == 0 || !logs.Has("ERROR write udp") {
		t.Errorf("dropped %d, logs %v", em.DroppedDocuments(), logs.Lines())
	}
}

func TestRefreshEmitterWithAddress(t *testing.T) {
	d1, d2 := newTestDaemon(t), newTestDaemon(t)
	logs := captureLogs(t)
	em, _ := NewDefaultEmitter(d1.Addr())
	defer em.close()
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: em, SamplingStrategy: sampleAll{}})
	_, seg := BeginSegment(ctx, "one")
	seg.Close(nil)
	d1.Recv(t, 1)
	em.RefreshEmitterWithAddress(d2.Addr())
	if !logs.Has("INFO Emitter using address: " + d2.Addr().String()) {
		t.Errorf("logs %v", logs.Lines())
	}
	_, seg = BeginSegment(ctx, "two")
	seg.Close(nil)
	if doc := d2.Recv(t, 1)[0]; doc["name"] != "two" {
		t.Errorf("doc %v", doc)
	}
	em.RefreshEmitterWithAddress(nil)
	if !logs.Has("ERROR Error dialing emitter address <nil>: ") {
		t.Errorf("logs %v", logs.Lines())
	}
}

// panickingStreaming makes Emit panic.
type panickingStreaming struct{ noDataStreaming }

func (panickingStreaming) RequiresStreaming(*Segment) bool { panic("boom") }

func TestEmitRecoversPanics(t *testing.T) {
	d := newTestDaemon(t)
	logs := captureLogs(t)
	em, _ := NewDefaultEmitter(d.Addr())
	defer em.close()
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: em, SamplingStrategy: sampleAll{}, StreamingStrategy: panickingStreaming{}})
	ctx, seg := BeginSegment(ctx, "root")
	_, sub := BeginSubsegment(ctx, "sub")
	sub.Close(nil)
	seg.Close(nil)
	if !logs.Has("ERROR Panic emitting segment: boom\n") {
		t.Errorf("logs %v", logs.Lines())
	}
	em.Emit(nil)
}

func TestLambdaMarkerFile(t *testing.T) {
	dir := t.TempDir() + "/.aws-xray"
	prev := lambdaMarkerDir
	lambdaMarkerDir = dir
	t.Cleanup(func() { lambdaMarkerDir = prev })

	if _, err := NewDefaultEmitter(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := modTime(dir + "/initialized"); err == nil {
		t.Fatal("marker created outside Lambda")
	}
	t.Setenv("LAMBDA_TASK_ROOT", "/var/task")
	if _, err := NewDefaultEmitter(nil); err != nil {
		t.Fatal(err)
	}
	first, err := modTime(dir + "/initialized")
	if err != nil {
		t.Fatalf("marker not created: %v", err)
	}
	old := first.Add(-time.Hour)
	if err := setModTime(dir+"/initialized", old); err != nil {
		t.Fatal(err)
	}
	_, _ = NewDefaultEmitter(nil)
	second, _ := modTime(dir + "/initialized")
	if !second.After(old) {
		t.Errorf("marker not touched: %v", second)
	}
}

// A subsegment too large for a datagram is sent bare too, embedded in its
// parent's document or on its own.
func TestOversizedSubsegmentSentBare(t *testing.T) {
	d := newTestDaemon(t)
	ctx, em := d.Context(t)
	logs := captureLogs(t)
	ctx, seg := BeginSegment(ctx, "root")
	_, child := BeginSubsegment(ctx, "child")
	for i := 0; i < 20000; i++ {
		_ = child.AddAnnotation("k"+strconv.Itoa(i), i)
	}
	child.Close(nil)
	seg.Close(nil)
	var sub map[string]interface{}
	for _, doc := range d.Recv(t, 1) {
		if doc["name"] == "child" {
			sub = doc
		} else if subs, ok := doc["subsegments"].([]interface{}); ok && len(subs) == 1 {
			sub = subs[0].(map[string]interface{})
		}
	}
	if sub == nil || sub["name"] != "child" || sub["annotations"] != nil {
		t.Fatalf("child %v", sub)
	}
	if note := obj(t, obj(t, sub, "metadata"), "default")["xray_sdk"]; note != bareNote {
		t.Errorf("child metadata %v", sub["metadata"])
	}
	if em.DroppedDocuments() != 0 || em.TruncatedDocuments() != 1 {
		t.Errorf("dropped %d, truncated %d", em.DroppedDocuments(), em.TruncatedDocuments())
	}
	if !logs.Has(`WARN xray: subsegment "child" does not fit into a datagram even with truncated strings; sent without`) {
		t.Errorf("logs %v", logs.Lines())
	}
}
