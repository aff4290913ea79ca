package xray

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/inbound"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
)

// TestInboundDriverWithoutHTTPRequest drives the shared inbound core the
// way the gRPC and fasthttp adapters do: no *http.Request, their own
// classification, a panic.
func TestInboundDriverWithoutHTTPRequest(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	in := inbound.Request{
		Method: "POST", Host: "bufnet", Path: "/pkg.Service/Method", Scheme: "grpc",
		XForwardedFor: "198.51.100.4", UserAgent: "grpc-go/1.64.1",
		TraceHeader: "Root=" + testTraceID + ";Parent=53995c3f42cd8ad8;Sampled=?;Foo=bar",
	}
	sctx, seg, hdr := beginInbound(ctx, "pkg.Service", &in, nil)
	if GetSegment(sctx) != seg || hdr.ParentID != "53995c3f42cd8ad8" || hdr.AdditionalData["Foo"] != "bar" {
		t.Fatalf("beginInbound: %v %+v", GetSegment(sctx) == seg, hdr)
	}
	if !RequestWasTraced(sctx) {
		t.Error("RequestWasTraced is false")
	}
	recordInboundRequest(seg, &in)
	if got, want := inboundResponseHeader(seg, hdr), "Root="+testTraceID+";Parent=53995c3f42cd8ad8;Sampled=1"; got != want {
		t.Errorf("response header %q, want %q", got, want)
	}
	recordInboundFlags(seg, inbound.Flags{Throttle: true})
	recordInboundResponse(seg, 0, 13)
	seg.Close(nil)

	doc := rec.Recv(t, 1)[0]
	if doc["name"] != "pkg.Service" || doc["trace_id"] != testTraceID || doc["parent_id"] != "53995c3f42cd8ad8" {
		t.Errorf("document %v", doc)
	}
	req, resp := httpBlock(t, doc)
	if req["url"] != "grpc://bufnet/pkg.Service/Method" || req["method"] != "POST" || req["client_ip"] != "198.51.100.4" ||
		req["x_forwarded_for"] != true || req["user_agent"] != "grpc-go/1.64.1" {
		t.Errorf("http.request %v", req)
	}
	if len(resp) != 1 || resp["content_length"] != 13.0 {
		t.Errorf("http.response %v", resp)
	}
	if doc["throttle"] != true || doc["error"] != nil || doc["fault"] != nil {
		t.Errorf("flags %v %v %v", doc["throttle"], doc["error"], doc["fault"])
	}

	// An empty response still gets its block (gRPC: "response":{}).
	_, seg2, _ := beginInbound(ctx, "empty", &inbound.Request{}, nil)
	recordInboundResponse(seg2, 0, 0)
	seg2.Close(nil)
	if _, resp := httpBlock(t, rec.Recv(t, 1)[0]); resp == nil || len(resp) != 0 {
		t.Errorf("empty response block %v", resp)
	}
}

func TestInboundDriverSamplingRequest(t *testing.T) {
	got := make(chan sampling.Request, 1)
	ctx, _ := ContextWithConfig(context.Background(), Config{
		Emitter:          &testRecorder{notify: make(chan struct{}, 1)},
		SamplingStrategy: samplingProbe(func(r *sampling.Request) { got <- *r }),
	})
	in := inbound.Request{Method: "POST", Host: "bufnet", Path: "/pkg.Service/Method"}
	_, seg, _ := beginInbound(ctx, "svc", &in, nil)
	seg.Close(nil)
	r := <-got
	if r.Host != "bufnet" || r.Method != "POST" || r.URL != "/pkg.Service/Method" || r.ServiceName != "svc" {
		t.Errorf("strategy asked with %+v", r)
	}
}

func TestInboundDriverPanic(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	_, seg, _ := beginInbound(ctx, "svc", &inbound.Request{}, nil)
	func() {
		defer seg.Close(nil)
		defer func() {
			if p := recover(); p != nil {
				recordInboundPanic(seg, p)
			}
		}()
		panickingInboundHandler()
	}()
	doc := rec.Recv(t, 1)[0]
	ex := arr(t, obj(t, doc, "cause"), "exceptions")[0].(map[string]interface{})
	if doc["fault"] != true || ex["type"] != "panic" || ex["message"] != "inbound boom" {
		t.Errorf("document %v", doc)
	}
	if label := arr(t, ex, "stack")[0].(map[string]interface{})["label"].(string); !strings.Contains(label, "panickingInboundHandler") {
		t.Errorf("stack starts at %q", label)
	}
}

func panickingInboundHandler() { panic("inbound boom") }

func TestInboundDriverDisabledAndNil(t *testing.T) {
	t.Setenv("AWS_XRAY_SDK_DISABLED", "true")
	ctx, rec := newTestRecorder(t)
	in := inbound.Request{Host: "h", TraceHeader: "Root=" + testTraceID}
	_, seg, hdr := beginInbound(ctx, "svc", &in, nil)
	recordInboundRequest(seg, &in)
	recordInboundFlags(seg, inbound.Flags{Fault: true})
	recordInboundResponse(seg, 500, 1)
	recordInboundPanic(seg, "x")
	if v := inboundResponseHeader(seg, hdr); v != "" {
		t.Errorf("disabled SDK answers header %q", v)
	}
	seg.Close(nil)
	if seg.HTTP != nil || seg.Fault || seg.Cause != nil {
		t.Errorf("disabled segment recorded data: %+v", seg)
	}
	if rec.Pending() != 0 {
		t.Error("disabled SDK emitted")
	}
	// Nil segments are ignored.
	recordInboundRequest(nil, &in)
	recordInboundFlags(nil, inbound.Flags{Fault: true})
	recordInboundResponse(nil, 500, 1)
	recordInboundPanic(nil, "x")
	if inboundResponseHeader(nil, hdr) != "" {
		t.Error("nil segment answers a header")
	}
}
