package xray

import (
	"context"
	"net/http"
	"testing"
)

// BenchmarkRoundTripParts splits BenchmarkRoundTripOverhead/traced into
// its parts, all without the network: "root" begins and closes the
// sampled root segment around an untraced request, "root_subsegment" adds
// a plain subsegment (what Capture costs), "root_3subsegments" one with
// two children (as many entities as a traced request), "traced" is the whole traced
// request and "unsampled" a traced request in an unsampled root.
func BenchmarkRoundTripParts(b *testing.B) {
	base := &hookTransport{resp: http.Response{StatusCode: 200, Header: http.Header{"Content-Length": {"2"}}, Body: http.NoBody}}
	req, _ := http.NewRequest("GET", "http://backend.internal:8080/item?id=1", nil)
	run := func(b *testing.B, ctx context.Context, rt http.RoundTripper, subs int) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			c, root := BeginSegment(ctx, "bench")
			var s *Segment
			if subs > 0 {
				var sc context.Context
				sc, s = BeginSubsegment(c, "backend.internal:8080")
				for j := 1; j < subs; j++ {
					_, p := BeginSubsegment(sc, "phase")
					p.Close(nil)
				}
			}
			if _, err := rt.RoundTrip(req.WithContext(c)); err != nil {
				b.Fatal(err)
			}
			if subs > 0 {
				s.Close(nil)
			}
			root.Close(nil)
		}
	}
	b.Run("root", func(b *testing.B) {
		run(b, benchContext(b, discardEmitter{}, sampleAll{}), base, 0)
	})
	b.Run("root_subsegment", func(b *testing.B) {
		run(b, benchContext(b, discardEmitter{}, sampleAll{}), base, 1)
	})
	b.Run("root_3subsegments", func(b *testing.B) {
		run(b, benchContext(b, discardEmitter{}, sampleAll{}), base, 3)
	})
	b.Run("traced", func(b *testing.B) {
		run(b, benchContext(b, discardEmitter{}, sampleAll{}), RoundTripper(base), 0)
	})
	b.Run("unsampled", func(b *testing.B) {
		run(b, benchContext(b, discardEmitter{}, sampleNone{}), RoundTripper(base), 0)
	})
}
