package xray

import (
	"context"
	"crypto/tls"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"testing"
	"time"
)

// Floors for the issue 5 budgets: the work the API and the spec force on
// every traced request, done in the most direct way, with no bookkeeping,
// no checks and a canned document in place of encoding. They are lower
// bounds: on a machine where a floor already misses a budget, no
// implementation can meet it.

// floorServerCall is the one allocation a traced request needs: the
// segment GetSegment(r.Context()) returns (the API hands out a *Segment),
// the root's own copy of the configuration (its Configuration), plus room
// for what the real handler keeps per request.
type floorServerCall struct {
	seg Segment
	cfg Config
	_   [1024 - 384 - 144]byte
}

type floorKeyType struct{}

// floorHandler does what the spec makes every traced request do: read
// AWS_XRAY_SDK_DISABLED and AWS_XRAY_TRACING_NAME at begin and the first
// again at close, allocate the segment with its own configuration, give it
// its aws map with aws.xray, parse the incoming header into a non-nil
// AdditionalData map, make ids, read the clock twice, put the segment in a
// copy of the request (WithContext), set the response trace header, and
// produce a root document the size of the real one.
func floorHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = getenv(envSDKDisabled)
		_ = getenv(envTracingName)
		c := &floorServerCall{}
		c.seg.StartTime = epochSeconds(time.Now())
		c.cfg = *global().snapshot
		c.seg.Configuration = &c.cfg
		c.seg.AWS = map[string]interface{}{"xray": sdkEntry}
		c.seg.Metadata = map[string]map[string]interface{}{} // as the header map
		c.seg.ParentID = string(rune(rand.Uint64() & 0x7f))  // as the ids
		_, _ = rand.Uint64(), rand.Uint64()
		ctx := context.WithValue(r.Context(), floorKeyType{}, &c.seg)
		w.Header()[traceHeaderCanonical] = []string{"Root=1-6b0de69d-f7c0da48a0e6d4982105f532"}
		h.ServeHTTP(w, r.WithContext(ctx))
		_ = getenv(envSDKDisabled)
		c.seg.EndTime = epochSeconds(time.Now())
		p := getPacker()
		p.out = floorDocument(p.out[:0], time.Now())
		p.out = append(p.out, `,"http":{"request":{"method":"GET","url":"http://api.example.com/orders","client_ip":"192.0.2.1","user_agent":"bench/1.0"},"response":{"status":200}}`...)
		putPacker(p)
	})
}

// BenchmarkHandlerFloor alternates rounds of the untraced handler, the
// traced one (as in BenchmarkHandlerOverhead) and the floor, and reports
// the overhead per request of each over the untraced one.
func BenchmarkHandlerFloor(b *testing.B) {
	ctx := benchContext(b, discardEmitter{}, sampleAll{})
	handlers := [3]http.Handler{trivialHandler(), Handler(NewFixedSegmentNamer("bench"), trivialHandler()), floorHandler(trivialHandler())}
	var reqs [3]*http.Request
	for i := range reqs {
		reqs[i] = httptest.NewRequest("GET", "http://api.example.com/orders?id=1", nil).WithContext(ctx)
		reqs[i].Header.Set("User-Agent", "bench/1.0")
	}
	m := interleaved(b, 3, 100, func(which int) {
		handlers[which].ServeHTTP(httptest.NewRecorder(), reqs[which])
	})
	m0, m1, m2 := m[0], m[1], m[2]
	b.ReportMetric(m0, "untraced-ns/req")
	b.ReportMetric(m1-m0, "overhead-ns/req")
	b.ReportMetric(m2-m0, "floor-overhead-ns/req")
}

// floorExchange is the one allocation of a floor traced request: the
// operation subsegment (a *Segment: the transport's context carries it),
// the times of the two phases, the hooks and the trace header value.
type floorExchange struct {
	host  Segment
	times [8]int64
	hooks httptrace.ClientTrace
	hdr   [1]string
}

// floorTransport does what the spec makes every traced request do: read
// AWS_XRAY_SDK_DISABLED, install the httptrace hooks the connect, dns,
// dial, tls, request and response subsegments need, send a copy of the
// request with the operation in its context and the trace header added to
// a copy of its header map, and produce three subsegment documents (the
// operation and its request and response phases).
type floorTransport struct{ base http.RoundTripper }

func (f floorTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	_ = getenv(envSDKDisabled)
	x := &floorExchange{}
	x.host.StartTime = epochSeconds(time.Now())
	x.hooks = httptrace.ClientTrace{
		GetConn:              func(string) { x.times[0] = nowUnixNano() },
		DNSStart:             func(httptrace.DNSStartInfo) { x.times[1] = nowUnixNano() },
		DNSDone:              func(httptrace.DNSDoneInfo) { x.times[1] = nowUnixNano() },
		ConnectStart:         func(string, string) { x.times[2] = nowUnixNano() },
		ConnectDone:          func(string, string, error) { x.times[2] = nowUnixNano() },
		TLSHandshakeStart:    func() { x.times[3] = nowUnixNano() },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { x.times[3] = nowUnixNano() },
		GotConn:              func(httptrace.GotConnInfo) { x.times[4] = nowUnixNano() },
		WroteRequest:         func(httptrace.WroteRequestInfo) { x.times[5] = nowUnixNano() },
		GotFirstResponseByte: func() { x.times[6] = nowUnixNano() },
	}
	ctx := context.WithValue(httptrace.WithClientTrace(r.Context(), &x.hooks), floorKeyType{}, &x.host)
	r2 := r.WithContext(ctx)
	h := make(http.Header, len(r.Header)+1)
	for k, v := range r.Header {
		h[k] = v
	}
	x.hdr[0] = "Root=1-6b0de69d-f7c0da48a0e6d4982105f532;Parent=53995c3f42cd8ad8;Sampled=1"
	h[traceHeaderCanonical] = x.hdr[:]
	r2.Header = h
	resp, err := f.base.RoundTrip(r2)
	x.host.EndTime = epochSeconds(time.Now())
	p := getPacker()
	now := time.Now()
	for i := 0; i < 3; i++ {
		p.out = floorDocument(p.out, now)
	}
	putPacker(p)
	return resp, err
}

// BenchmarkClientGETFloor alternates, against one loopback server, GETs
// with a plain client ("bare"), the floor transport ("floor"), the floor
// transport inside a sampled segment begun and closed around it
// ("floor_root"), the traced Client inside such a segment ("traced", as in
// BenchmarkClientGETOverhead) and a plain client inside such a segment
// ("root"). It reports each one's median wall time over bare in percent,
// and the part the Client adds to a GET in a segment (traced over root).
func BenchmarkClientGETFloor(b *testing.B) {
	srv := httptest.NewServer(trivialHandler())
	b.Cleanup(srv.Close)
	ctx := benchContext(b, discardEmitter{}, sampleAll{})
	plain := srv.Client()
	floor := &http.Client{Transport: floorTransport{plain.Transport}}
	traced := Client(plain)
	url := srv.URL + "/item"
	kinds := [5]struct {
		client *http.Client
		root   bool
	}{{plain, false}, {floor, false}, {floor, true}, {traced, true}, {plain, true}}
	get := func(k int) {
		c, root := ctx, (*Segment)(nil)
		if kinds[k].root {
			c, root = BeginSegment(ctx, "bench")
		}
		req, _ := http.NewRequestWithContext(c, "GET", url, nil)
		resp, err := kinds[k].client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if root != nil {
			root.Close(nil)
		}
	}
	for k := range kinds {
		get(k)
	}
	m := interleaved(b, len(kinds), 1, get)
	pct := func(x, base float64) float64 { return 100 * (x - base) / base }
	b.ReportMetric(m[0], "bare-ns/get")
	b.ReportMetric(pct(m[1], m[0]), "floor-%")
	b.ReportMetric(pct(m[2], m[0]), "floor_root-%")
	b.ReportMetric(pct(m[3], m[0]), "traced-%")
	b.ReportMetric(pct(m[3], m[4]), "client-in-root-%")
}
