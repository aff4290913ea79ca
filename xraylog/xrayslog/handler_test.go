package xrayslog

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"testing/slogtest"
	"time"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// sampleAll samples every request, without allocating.
type sampleAll struct{}

var sampled = sampling.Decision{Sample: true}

func (sampleAll) ShouldTrace(*sampling.Request) *sampling.Decision { return &sampled }

// tracedContext returns a context holding a sampled segment that is never
// sent anywhere.
func tracedContext(t testing.TB) (context.Context, *xray.Segment) {
	t.Helper()
	ctx, err := xray.ContextWithConfig(context.Background(), xray.Config{
		Emitter:          xray.NewDocumentEmitter(nil),
		SamplingStrategy: sampleAll{},
	})
	if err != nil {
		t.Fatal(err)
	}
	return xray.BeginSegment(ctx, "handler-test")
}

func jsonLines(t *testing.T, buf *bytes.Buffer) []map[string]interface{} {
	t.Helper()
	var out []map[string]interface{}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]interface{}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("bad line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

func TestHandlerAddsTraceOfTheContextEntity(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(slog.NewJSONHandler(&buf, nil)))
	ctx, seg := tracedContext(t)
	defer seg.Close(nil)
	subCtx, sub := xray.BeginSubsegment(ctx, "child")
	defer sub.Close(nil)

	log.InfoContext(ctx, "in segment", "k", "v")
	log.InfoContext(subCtx, "in subsegment")
	log.InfoContext(context.Background(), "no segment")
	log.Info("no context")

	recs := jsonLines(t, &buf)
	if got, want := recs[0][TraceIDKey], seg.TraceID+"@"+seg.ID; got != want || recs[0]["k"] != "v" {
		t.Errorf("segment record %v, want %s", recs[0], want)
	}
	if got, want := recs[1][TraceIDKey], seg.TraceID+"@"+sub.ID; got != want {
		t.Errorf("subsegment record %v, want %s", recs[1], want)
	}
	for _, r := range recs[2:] {
		if _, ok := r[TraceIDKey]; ok {
			t.Errorf("record without segment has the key: %v", r)
		}
	}
}

func TestHandlerSkipsEntitiesWithoutTrace(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(slog.NewJSONHandler(&buf, nil)))

	// The SDK disabled: an empty segment in the context.
	t.Setenv("AWS_XRAY_SDK_DISABLED", "true")
	disabled, _ := xray.BeginSegment(context.Background(), "disabled")
	log.InfoContext(disabled, "disabled")
	t.Setenv("AWS_XRAY_SDK_DISABLED", "false")

	// An unsampled root with no-op ids.
	none, err := xray.ContextWithConfig(context.Background(), xray.Config{SamplingStrategy: sampleNone{}})
	if err != nil {
		t.Fatal(err)
	}
	unsampled, _ := xray.BeginSegment(none, "unsampled")
	log.InfoContext(unsampled, "unsampled")

	// An unsampled request that arrived with a trace id still correlates.
	h := header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0")
	propagated, _ := xray.NewSegmentFromHeader(none, "propagated", nil, h)
	log.InfoContext(propagated, "propagated")

	recs := jsonLines(t, &buf)
	for _, r := range recs[:2] {
		if v, ok := r[TraceIDKey]; ok {
			t.Errorf("%v: key with value %v", r["msg"], v)
		}
	}
	if v := recs[2][TraceIDKey]; !strings.HasPrefix(v.(string), "1-5759e988-bd862e3fe1be46a994272793@") {
		t.Errorf("propagated trace %v", v)
	}
}

type sampleNone struct{}

var notSampled = sampling.Decision{}

func (sampleNone) ShouldTrace(*sampling.Request) *sampling.Decision { return &notSampled }

func TestHandlerWithAttrsAndGroupsKeepAddingTheTrace(t *testing.T) {
	var buf bytes.Buffer
	base := NewHandler(slog.NewJSONHandler(&buf, nil))
	ctx, seg := tracedContext(t)
	defer seg.Close(nil)
	want := seg.TraceID + "@" + seg.ID

	withAttrs := base.WithAttrs([]slog.Attr{slog.String("svc", "orders")})
	if _, ok := withAttrs.(*Handler); !ok {
		t.Fatalf("WithAttrs returned %T", withAttrs)
	}
	grouped := withAttrs.WithGroup("req")
	if _, ok := grouped.(*Handler); !ok {
		t.Fatalf("WithGroup returned %T", grouped)
	}
	if base.WithAttrs(nil) != slog.Handler(base) || base.WithGroup("") != slog.Handler(base) {
		t.Error("empty WithAttrs/WithGroup should return the handler itself")
	}

	slog.New(withAttrs).InfoContext(ctx, "attrs")
	slog.New(grouped).InfoContext(ctx, "grouped", "id", 7)
	recs := jsonLines(t, &buf)
	if recs[0]["svc"] != "orders" || recs[0][TraceIDKey] != want {
		t.Errorf("with attrs %v", recs[0])
	}
	g, _ := recs[1]["req"].(map[string]interface{})
	if recs[1]["svc"] != "orders" || g["id"] != 7.0 || g[TraceIDKey] != want {
		t.Errorf("grouped %v", recs[1])
	}
}

// capture keeps the records it handles.
type capture struct{ recs []slog.Record }

func (c *capture) Enabled(context.Context, slog.Level) bool { return true }
func (c *capture) Handle(_ context.Context, r slog.Record) error {
	c.recs = append(c.recs, r)
	return nil
}
func (c *capture) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *capture) WithGroup(string) slog.Handler      { return c }

func TestHandlerLeavesTheCallersRecordAlone(t *testing.T) {
	ctx, seg := tracedContext(t)
	defer seg.Close(nil)
	inner := &capture{}
	h := NewHandler(inner)

	// More attributes than a Record stores inline, so that they live in
	// a shared slice.
	r := slog.NewRecord(time.Now(), slog.LevelInfo, "m", 0)
	for i := 0; i < 8; i++ {
		r.AddAttrs(slog.Int("a", i))
	}
	if err := h.Handle(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := h.Handle(ctx, r); err != nil {
		t.Fatal(err)
	}
	r.AddAttrs(slog.String("later", "x")) // must not panic nor leak into the copies
	if r.NumAttrs() != 9 {
		t.Errorf("caller's record has %d attributes", r.NumAttrs())
	}
	for _, got := range inner.recs {
		var keys []string
		got.Attrs(func(a slog.Attr) bool { keys = append(keys, a.Key); return true })
		if len(keys) != 9 || keys[8] != TraceIDKey {
			t.Errorf("handled record attributes %q", keys)
		}
	}
}

func TestHandlerEnabledFollowsTheWrappedHandler(t *testing.T) {
	h := NewHandler(slog.NewTextHandler(&bytes.Buffer{}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if h.Enabled(context.Background(), slog.LevelInfo) || !h.Enabled(context.Background(), slog.LevelError) {
		t.Error("Enabled")
	}
}

func TestZeroHandlerDiscards(t *testing.T) {
	ctx, seg := tracedContext(t)
	defer seg.Close(nil)
	var h Handler
	log := slog.New(h.WithAttrs([]slog.Attr{slog.Int("a", 1)}).WithGroup("g"))
	log.InfoContext(ctx, "dropped")
	if h.Enabled(ctx, slog.LevelError) || h.Handle(ctx, slog.Record{}) != nil {
		t.Error("the zero Handler is not a discarding handler")
	}
}

func TestHandlerNilWrapsTheDefault(t *testing.T) {
	prev := slog.Default()
	t.Cleanup(func() { slog.SetDefault(prev) })
	var buf bytes.Buffer
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	ctx, seg := tracedContext(t)
	defer seg.Close(nil)
	slog.New(NewHandler(nil)).InfoContext(ctx, "via default")
	if recs := jsonLines(t, &buf); recs[0][TraceIDKey] != seg.TraceID+"@"+seg.ID {
		t.Errorf("records %v", recs)
	}
}

// TestHandlerContract runs the standard library's handler conformance
// tests, with no segment in the context and with one: minus the trace
// attribute, the output must be what the wrapped handler writes.
func TestHandlerContract(t *testing.T) {
	traced, seg := tracedContext(t)
	defer seg.Close(nil)
	for name, ctx := range map[string]context.Context{"no segment": nil, "segment": traced} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			newHandler := func(*testing.T) slog.Handler {
				buf.Reset()
				var h slog.Handler = NewHandler(slog.NewJSONHandler(&buf, nil))
				if ctx != nil {
					h = withContext{h, ctx}
				}
				return h
			}
			result := func(t *testing.T) map[string]any {
				var m map[string]any
				if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
					t.Fatal(err)
				}
				if ctx != nil && !dropTrace(m, seg.TraceID+"@"+seg.ID) {
					t.Errorf("no trace attribute in %v", m)
				}
				return m
			}
			slogtest.Run(t, newHandler, result)
		})
	}
}

// withContext hands every record to h with ctx, whatever context the log
// call had.
type withContext struct {
	h   slog.Handler
	ctx context.Context
}

func (w withContext) Enabled(_ context.Context, l slog.Level) bool  { return w.h.Enabled(w.ctx, l) }
func (w withContext) Handle(_ context.Context, r slog.Record) error { return w.h.Handle(w.ctx, r) }
func (w withContext) WithAttrs(as []slog.Attr) slog.Handler {
	return withContext{w.h.WithAttrs(as), w.ctx}
}
func (w withContext) WithGroup(name string) slog.Handler {
	return withContext{w.h.WithGroup(name), w.ctx}
}

// dropTrace removes the trace attribute, which sits in the innermost open
// group, and the groups it alone made non-empty. It reports whether the
// attribute was there with the value want.
func dropTrace(m map[string]any, want string) bool {
	if v, ok := m[TraceIDKey]; ok {
		delete(m, TraceIDKey)
		return v == want
	}
	for k, v := range m {
		if g, ok := v.(map[string]any); ok && dropTrace(g, want) {
			if len(g) == 0 {
				delete(m, k)
			}
			return true
		}
	}
	return false
}
