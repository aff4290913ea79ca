package xray

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkW3C measures the interop on the paths it touches, in process:
//
//   - Handler_*: a traced net/http handler serving a request with the
//     given header, the interop on or off;
//   - Outbound_*: the per-call work of a client integration (the check,
//     and with the interop on the traceparent of the calling subsegment).
func BenchmarkW3C(b *testing.B) {
	const amzn = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
	handler := func(b *testing.B, on bool, name, value string) {
		if on {
			b.Setenv(envW3CTraceContext, "true")
		} else {
			b.Setenv(envW3CTraceContext, "false")
		}
		ctx := benchContext(b, discardEmitter{}, sampleAll{})
		h := Handler(NewFixedSegmentNamer("bench"), trivialHandler())
		r := httptest.NewRequest("GET", "http://api.example.com/orders", nil).WithContext(ctx)
		if name != "" {
			r.Header.Set(name, value)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			h.ServeHTTP(httptest.NewRecorder(), r)
		}
	}
	b.Run("Handler_off_no_header", func(b *testing.B) { handler(b, false, "", "") })
	b.Run("Handler_on_no_header", func(b *testing.B) { handler(b, true, "", "") })
	b.Run("Handler_off_traceparent", func(b *testing.B) { handler(b, false, "traceparent", w3cTraceparent) })
	b.Run("Handler_on_traceparent", func(b *testing.B) { handler(b, true, "traceparent", w3cTraceparent) })
	b.Run("Handler_on_xray_header", func(b *testing.B) { handler(b, true, "X-Amzn-Trace-Id", amzn) })

	outbound := func(b *testing.B, on bool) {
		if on {
			b.Setenv(envW3CTraceContext, "true")
		} else {
			b.Setenv(envW3CTraceContext, "false")
		}
		ctx, seg := BeginSegment(benchContext(b, discardEmitter{}, sampleAll{}), "bench")
		defer seg.Close(nil)
		_, sub := BeginSubsegment(ctx, "call")
		defer sub.Close(nil)
		h := make(http.Header, 2)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if tp := w3cOutbound(sub); tp != "" {
				h[traceparentCanonical] = []string{tp}
			}
		}
	}
	b.Run("Outbound_off", func(b *testing.B) { outbound(b, false) })
	b.Run("Outbound_on", func(b *testing.B) { outbound(b, true) })
}
