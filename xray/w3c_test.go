package xray

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/header"
)

// A W3C trace context and its X-Ray form.
const (
	w3cTraceparent   = "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01"
	w3cNotSampled    = "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00"
	w3cTraceID       = "1-5759e988-bd862e3fe1be46a994272793"
	w3cTraceIDDigits = "5759e988bd862e3fe1be46a994272793"
	w3cParentID      = "53995c3f42cd8ad8"
)

// enableW3C turns the interop on for the test through the environment
// (which wins over SetW3CTraceContext); disableW3C leaves the environment
// out and the code switch off.
func enableW3C(t *testing.T) {
	t.Helper()
	t.Setenv(envW3CTraceContext, "true")
}

func disableW3C(t *testing.T) {
	t.Helper()
	t.Setenv(envW3CTraceContext, "")
	t.Cleanup(SetW3CTraceContext(false))
}

// wantTraceparent is the traceparent of an entity with id spanID in the
// trace traceID.
func wantTraceparent(traceID, spanID, flags string) string {
	return "00-" + strings.Replace(strings.TrimPrefix(traceID, "1-"), "-", "", 1) + "-" + spanID + "-" + flags
}

func TestW3CSwitch(t *testing.T) {
	disableW3C(t)
	logs := captureLogs(t)
	if W3CTraceContextEnabled() {
		t.Fatal("on by default")
	}

	restore := SetW3CTraceContext(true)
	if !W3CTraceContextEnabled() {
		t.Error("SetW3CTraceContext(true) left it off")
	}
	inner := SetW3CTraceContext(false)
	if W3CTraceContextEnabled() {
		t.Error("SetW3CTraceContext(false) left it on")
	}
	inner()
	if !W3CTraceContextEnabled() {
		t.Error("restore did not bring back on")
	}
	restore()
	if W3CTraceContextEnabled() {
		t.Error("restore did not bring back off")
	}

	// The environment wins over the code switch, in any case, and is read
	// on every call.
	for _, c := range []struct {
		env  string
		code bool
		want bool
	}{
		{"true", false, true}, {"TRUE", false, true}, {"True", false, true},
		{"false", true, false}, {"FALSE", true, false},
		{"", true, true}, {"", false, false},
	} {
		t.Setenv(envW3CTraceContext, c.env)
		undo := SetW3CTraceContext(c.code)
		if got := W3CTraceContextEnabled(); got != c.want {
			t.Errorf("env %q, code %v: enabled = %v, want %v", c.env, c.code, got, c.want)
		}
		undo()
	}

	// An unrecognised value is ignored (the code switch decides) and
	// logged once.
	w3cWarned.Store(false)
	t.Cleanup(func() { w3cWarned.Store(false) })
	t.Setenv(envW3CTraceContext, "yes")
	undo := SetW3CTraceContext(true)
	defer undo()
	for i := 0; i < 3; i++ {
		if !W3CTraceContextEnabled() {
			t.Error(`"yes" overrode the code switch`)
		}
	}
	n := 0
	for _, l := range logs.Lines() {
		if strings.HasPrefix(l, "WARN ") && strings.Contains(l, envW3CTraceContext) && strings.Contains(l, `"yes"`) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d warnings for the unrecognised value, want 1: %q", n, logs.Lines())
	}
}

func TestW3CDownstreamTraceparent(t *testing.T) {
	disableW3C(t) // DownstreamTraceparent does not depend on the switch
	sampled, _ := newTestRecorder(t)
	unsampled := unsampledContext(t)
	incoming := func(decision string) *header.Header {
		return header.FromString("Root=" + w3cTraceID + ";Parent=" + w3cParentID + ";Sampled=" + decision)
	}

	t.Run("sampled root and subsegment", func(t *testing.T) {
		ctx, root := BeginSegment(sampled, "root")
		defer root.Close(nil)
		_, sub := BeginSubsegment(ctx, "sub")
		defer sub.Close(nil)
		if got, want := root.DownstreamTraceparent(), wantTraceparent(root.TraceID, root.ID, "01"); got != want {
			t.Errorf("root: %q, want %q", got, want)
		}
		if got, want := sub.DownstreamTraceparent(), wantTraceparent(root.TraceID, sub.ID, "01"); got != want {
			t.Errorf("subsegment: %q, want %q", got, want)
		}
	})
	t.Run("continued trace", func(t *testing.T) {
		ctx, root := NewSegmentFromHeader(sampled, "root", nil, incoming("1"))
		defer root.Close(nil)
		_, sub := BeginSubsegment(ctx, "sub")
		defer sub.Close(nil)
		if got, want := sub.DownstreamTraceparent(), wantTraceparent(w3cTraceID, sub.ID, "01"); got != want {
			t.Errorf("%q, want %q", got, want)
		}
	})
	t.Run("unsampled trace begun here has none", func(t *testing.T) {
		ctx, root := BeginSegment(unsampled, "root")
		defer root.Close(nil)
		_, sub := BeginSubsegment(ctx, "sub")
		defer sub.Close(nil)
		if got := sub.DownstreamTraceparent(); got != "" {
			t.Errorf("%q, want none (all-zero ids)", got)
		}
		if got := sub.DownstreamHeader().String(); !strings.HasSuffix(got, ";Sampled=0") {
			t.Errorf("X-Ray header %q", got)
		}
	})
	t.Run("unsampled continued trace names the caller", func(t *testing.T) {
		ctx, root := NewSegmentFromHeader(unsampled, "root", nil, incoming("0"))
		defer root.Close(nil)
		_, sub := BeginSubsegment(ctx, "sub")
		defer sub.Close(nil)
		if got := sub.DownstreamTraceparent(); got != w3cNotSampled {
			t.Errorf("%q, want %q", got, w3cNotSampled)
		}
	})
	t.Run("unsampled with AWS_XRAY_NOOP_ID=false", func(t *testing.T) {
		t.Setenv(envNoopID, "false")
		ctx, root := BeginSegment(unsampled, "root")
		defer root.Close(nil)
		_, sub := BeginSubsegment(ctx, "sub")
		defer sub.Close(nil)
		if got, want := sub.DownstreamTraceparent(), wantTraceparent(root.TraceID, sub.ID, "00"); got != want {
			t.Errorf("%q, want %q", got, want)
		}
	})
	t.Run("trace id with no W3C form", func(t *testing.T) {
		_, root := NewSegmentFromHeader(sampled, "root", nil, header.FromString("Root=1-5759E988-BD862E3FE1BE46A994272793;Sampled=1"))
		defer root.Close(nil)
		if got := root.DownstreamTraceparent(); got != "" {
			t.Errorf("%q, want none", got)
		}
	})
	t.Run("nil and disabled", func(t *testing.T) {
		var nilSeg *Segment
		if got := nilSeg.DownstreamTraceparent(); got != "" {
			t.Errorf("nil: %q", got)
		}
		_, root := BeginSegment(sampled, "root")
		defer root.Close(nil)
		t.Setenv(envSDKDisabled, "true")
		if got := root.DownstreamTraceparent(); got != "" {
			t.Errorf("disabled: %q", got)
		}
	})
}

func TestW3CTraceparentHeader(t *testing.T) {
	enableW3C(t)
	h := traceparentHeader(w3cTraceparent)
	if h == nil || h.TraceID != w3cTraceID || h.ParentID != w3cParentID || h.SamplingDecision != header.Sampled || h.AdditionalData == nil {
		t.Fatalf("traceparentHeader = %+v", h)
	}
	if h := traceparentHeader(w3cNotSampled); h == nil || h.SamplingDecision != header.NotSampled {
		t.Errorf("not sampled: %+v", h)
	}
	if h := traceparentHeader("ff" + w3cTraceparent[2:]); h != nil {
		t.Errorf("invalid: %+v", h)
	}
	t.Setenv(envW3CTraceContext, "false")
	if h := traceparentHeader(w3cTraceparent); h != nil {
		t.Errorf("off: %+v", h)
	}
}

// TestW3COffAllocations pins the cost of the switch when it is off: the
// checks the integrations make allocate nothing.
func TestW3COffAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	disableW3C(t)
	ctx, _ := newTestRecorder(t)
	_, seg := BeginSegment(ctx, "root")
	defer seg.Close(nil)
	n := testing.AllocsPerRun(100, func() {
		if w3cInbound("") || w3cOutbound(seg) != "" {
			t.Fatal("on")
		}
	})
	if n != 0 {
		t.Errorf("the off checks allocate %v times", n)
	}
}

// unsampledContext returns a context whose segments are never sampled
// (and whose documents, if any were sent, would go to a recorder).
func unsampledContext(t *testing.T) context.Context {
	t.Helper()
	ctx, err := ContextWithConfig(context.Background(), Config{
		Emitter:          &testRecorder{notify: make(chan struct{}, 1)},
		SamplingStrategy: sampleNone{},
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}
