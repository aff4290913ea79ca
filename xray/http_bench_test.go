package xray

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"slices"
	"testing"
	"time"
)

// Budgets (issue 5), checked by these benchmarks:
//
//	BenchmarkHandler/sampled vs BenchmarkHandler/untraced:
//	    <= 2 µs and <= 12 allocations more per request
//	BenchmarkClientGET/traced vs BenchmarkClientGET/untraced:
//	    <= 15 % slower
//
// "sampled" encodes every segment like the DefaultEmitter and discards
// the bytes; "sampled_udp" also writes them to a UDP socket nobody reads.

var benchOK = []byte("ok")

// reportCPU reports the process CPU time per operation since start as
// "cpu-ns/op" (both sides of a loopback exchange run in this process).
func reportCPU(b *testing.B, start time.Duration) {
	if start == 0 {
		return
	}
	b.ReportMetric(float64(processCPUTime()-start)/float64(b.N), "cpu-ns/op")
}

func trivialHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(benchOK)
	})
}

func BenchmarkHandler(b *testing.B) {
	run := func(b *testing.B, ctx context.Context, h http.Handler) {
		r := httptest.NewRequest("GET", "http://api.example.com/orders?id=1", nil).WithContext(ctx)
		r.Header.Set("User-Agent", "bench/1.0")
		b.ReportAllocs()
		b.ResetTimer()
		cpu := processCPUTime()
		for i := 0; i < b.N; i++ {
			h.ServeHTTP(httptest.NewRecorder(), r)
		}
		reportCPU(b, cpu)
	}
	namer := NewFixedSegmentNamer("bench")
	b.Run("untraced", func(b *testing.B) {
		run(b, context.Background(), trivialHandler())
	})
	b.Run("sampled", func(b *testing.B) {
		run(b, benchContext(b, discardEmitter{}, sampleAll{}), Handler(namer, trivialHandler()))
	})
	b.Run("sampled_incoming_header", func(b *testing.B) {
		ctx := benchContext(b, discardEmitter{}, sampleAll{})
		h := Handler(namer, trivialHandler())
		r := httptest.NewRequest("GET", "http://api.example.com/orders", nil).WithContext(ctx)
		r.Header.Set("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			h.ServeHTTP(httptest.NewRecorder(), r)
		}
	})
	b.Run("sampled_udp", func(b *testing.B) {
		em, err := NewDefaultEmitter(benchListener(b).LocalAddr().(*net.UDPAddr))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(em.close)
		run(b, benchContext(b, em, sampleAll{}), Handler(namer, trivialHandler()))
	})
	b.Run("unsampled", func(b *testing.B) {
		run(b, benchContext(b, discardEmitter{}, sampleNone{}), Handler(namer, trivialHandler()))
	})
}

// BenchmarkHandlerOverhead alternates rounds of the untraced handler and
// the sampled traced one (as in BenchmarkHandler), so that both see the
// same machine load, and reports the median time per request of each and
// the difference (the budget: at most 2000 ns).
func BenchmarkHandlerOverhead(b *testing.B) {
	ctx := benchContext(b, discardEmitter{}, sampleAll{})
	handlers := [2]http.Handler{trivialHandler(), Handler(NewFixedSegmentNamer("bench"), trivialHandler())}
	reqs := [2]*http.Request{
		httptest.NewRequest("GET", "http://api.example.com/orders?id=1", nil),
		httptest.NewRequest("GET", "http://api.example.com/orders?id=1", nil).WithContext(ctx),
	}
	for _, r := range reqs {
		r.Header.Set("User-Agent", "bench/1.0")
	}
	b.ReportAllocs()
	m := interleaved(b, 2, 100, func(which int) {
		handlers[which].ServeHTTP(httptest.NewRecorder(), reqs[which])
	})
	m0, m1 := m[0], m[1]
	b.ReportMetric(m0, "untraced-ns/req")
	b.ReportMetric(m1, "sampled-ns/req")
	b.ReportMetric(m1-m0, "overhead-ns/req")
}

func BenchmarkClientGET(b *testing.B) {
	srv := httptest.NewServer(trivialHandler())
	b.Cleanup(srv.Close)
	run := func(b *testing.B, client *http.Client, traced bool) {
		ctx := benchContext(b, discardEmitter{}, sampleAll{})
		b.ReportAllocs()
		b.ResetTimer()
		cpu := processCPUTime()
		defer reportCPU(b, cpu)
		for i := 0; i < b.N; i++ {
			c, root := ctx, (*Segment)(nil)
			if traced {
				c, root = BeginSegment(ctx, "bench")
			}
			req, _ := http.NewRequestWithContext(c, "GET", srv.URL+"/item", nil)
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if traced {
				root.Close(nil)
			}
		}
	}
	b.Run("untraced", func(b *testing.B) { run(b, srv.Client(), false) })
	b.Run("traced", func(b *testing.B) { run(b, Client(srv.Client()), true) })
}

// BenchmarkClientGETOverhead alternates an untraced GET and a traced one
// (each traced GET in a sampled segment begun and closed around it, as in
// BenchmarkClientGET) against the same loopback server, so that both see
// the same machine load, and reports the median wall time of each and the
// tracing overhead in percent (the budget: at most 15).
func BenchmarkClientGETOverhead(b *testing.B) {
	srv := httptest.NewServer(trivialHandler())
	b.Cleanup(srv.Close)
	ctx := benchContext(b, discardEmitter{}, sampleAll{})
	clients := [2]*http.Client{srv.Client(), Client(srv.Client())}
	url := srv.URL + "/item"
	get := func(traced bool) {
		c, root := ctx, (*Segment)(nil)
		client := clients[0]
		if traced {
			c, root = BeginSegment(ctx, "bench")
			client = clients[1]
		}
		req, _ := http.NewRequestWithContext(c, "GET", url, nil)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if traced {
			root.Close(nil)
		}
	}
	get(false)
	get(true)
	m := interleaved(b, 2, 1, func(which int) { get(which == 1) })
	m0, m1 := m[0], m[1]
	b.ReportMetric(m0, "untraced-ns/get")
	b.ReportMetric(m1, "traced-ns/get")
	b.ReportMetric(100*(m1-m0)/m0, "overhead-%")
}

// interleaved calls run(which) for the n variants in turn, round times
// each, starting each turn with the next variant so that changes in the
// machine's load hit all of them alike, until b.Loop ends. It returns each
// variant's median time per call in nanoseconds.
func interleaved(b *testing.B, n, round int, run func(which int)) []float64 {
	per := make([][]time.Duration, n)
	for done := 0; b.Loop(); done++ {
		for k := 0; k < n; k++ {
			which := (done + k) % n
			t0 := time.Now()
			for i := 0; i < round; i++ {
				run(which)
			}
			per[which] = append(per[which], time.Since(t0)/time.Duration(round))
		}
	}
	m := make([]float64, n)
	for i := range per {
		m[i] = medianDuration(per[i])
	}
	return m
}

func medianDuration(v []time.Duration) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return float64(s[len(s)/2])
}

// hookTransport answers at once, firing the httptrace hooks a reused
// keep-alive connection fires: it isolates the tracing cost from the
// network.
type hookTransport struct{ resp http.Response }

func (t *hookTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if tr := httptrace.ContextClientTrace(r.Context()); tr != nil {
		tr.GetConn(r.URL.Host)
		tr.GotConn(httptrace.GotConnInfo{Reused: true})
		tr.WroteRequest(httptrace.WroteRequestInfo{})
		tr.GotFirstResponseByte()
	}
	resp := t.resp
	resp.Request = r
	return &resp, nil
}

// BenchmarkRoundTripOverhead is the CPU cost tracing adds to one request
// (subsegment, header, hooks, encoding), without the network: compare
// traced minus untraced with BenchmarkClientGET/untraced.
func BenchmarkRoundTripOverhead(b *testing.B) {
	base := &hookTransport{resp: http.Response{StatusCode: 200, Header: http.Header{"Content-Length": {"2"}}, Body: http.NoBody}}
	run := func(b *testing.B, rt http.RoundTripper, traced bool) {
		ctx := benchContext(b, discardEmitter{}, sampleAll{})
		req, _ := http.NewRequest("GET", "http://backend.internal:8080/item?id=1", nil)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			c, root := ctx, (*Segment)(nil)
			if traced {
				c, root = BeginSegment(ctx, "bench")
			}
			if _, err := rt.RoundTrip(req.WithContext(c)); err != nil {
				b.Fatal(err)
			}
			if traced {
				root.Close(nil)
			}
		}
	}
	b.Run("untraced", func(b *testing.B) { run(b, base, false) })
	b.Run("traced", func(b *testing.B) { run(b, RoundTripper(base), true) })
}
