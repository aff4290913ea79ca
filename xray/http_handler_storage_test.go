package xray

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Handler keeps the segment, the wrapper, the parsed incoming header and
// the URL/response header bytes in one per-request allocation. These tests
// check what users see of that: the strings and the header survive the
// request, the incoming header is a normal one, and long strings that do
// not fit the buffer are recorded whole.

func TestHandlerStorageLongURL(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	var seen *Segment
	h := Handler(NewFixedSegmentNamer("svc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = GetSegment(r.Context())
	}))
	// Fits the buffer; does not fit (the document schema caps URLs at 250).
	for _, path := range []string{"/", "/" + strings.Repeat("p", 50), "/" + strings.Repeat("q", 200)} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "http://api.example.com"+path+"?q=1", nil).WithContext(ctx)
		r.Header.Set("X-Amzn-Trace-Id", "Root="+testTraceID+";Parent=53995c3f42cd8ad8;Sampled=?")
		h.ServeHTTP(w, r)
		doc := rec.Recv(t, 1)[0]
		req, _ := httpBlock(t, doc)
		if want := "http://api.example.com" + path; req["url"] != want {
			t.Errorf("url %v, want %q", req["url"], want)
		}
		id := str(t, doc, "id")
		if got, want := w.Header().Get("X-Amzn-Trace-Id"), "Root="+testTraceID+";Parent=53995c3f42cd8ad8;Sampled=1"; got != want {
			t.Errorf("response header %q, want %q", got, want)
		}
		seen.RLock()
		u := seen.HTTP.Request.URL
		seen.RUnlock()
		if u != req["url"] {
			t.Errorf("segment URL %q, document %v", u, req["url"])
		}
		if dh := seen.DownstreamHeader(); dh.ParentID != id || dh.TraceID != testTraceID {
			t.Errorf("downstream header %+v", dh)
		}
	}
}

func TestHandlerStorageIncomingHeader(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	segs := make(chan *Segment, 2)
	h := Handler(NewFixedSegmentNamer("svc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		segs <- GetSegment(r.Context())
	}))
	for _, incoming := range []string{"", "Root=" + testTraceID + ";Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a:1"} {
		r := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
		if incoming != "" {
			r.Header.Set("X-Amzn-Trace-Id", incoming)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		rec.Recv(t, 1)
		seg := <-segs
		in := seg.IncomingHeader
		if in == nil || in.AdditionalData == nil {
			t.Fatalf("incoming %q: IncomingHeader %+v", incoming, in)
		}
		if in.String() != (*in).String() || (incoming != "" && in.AdditionalData["Lineage"] != "a:1") {
			t.Errorf("incoming %q parsed as %+v", incoming, in)
		}
		// The header's map is the user's to extend, as with header.FromString.
		dh := seg.DownstreamHeader()
		dh.AdditionalData["Added"] = "1"
		if !strings.Contains(dh.String(), ";Added=1") {
			t.Errorf("downstream header %q", dh.String())
		}
	}
}

// TestHandlerStorageConcurrent serves two requests at once
// and checks neither sees the other's strings.
func TestHandlerStorageConcurrent(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	release := make(chan struct{})
	h := Handler(NewFixedSegmentNamer("svc"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	done := make(chan *httptest.ResponseRecorder, 2)
	for _, p := range []string{"/a", "/bb"} {
		go func() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "http://h"+p, nil).WithContext(ctx))
			done <- w
		}()
	}
	close(release)
	w1, w2 := <-done, <-done
	docs := rec.Recv(t, 2)
	urls := map[interface{}]bool{}
	ids := map[string]bool{}
	for _, d := range docs {
		req, _ := httpBlock(t, d)
		urls[req["url"]] = true
		ids["Root="+str(t, d, "trace_id")] = true
	}
	if !urls["http://h/a"] || !urls["http://h/bb"] {
		t.Errorf("urls %v", urls)
	}
	if !ids[w1.Header().Get("X-Amzn-Trace-Id")] || !ids[w2.Header().Get("X-Amzn-Trace-Id")] {
		t.Errorf("response headers %q %q, traces %v", w1.Header().Get("X-Amzn-Trace-Id"), w2.Header().Get("X-Amzn-Trace-Id"), ids)
	}
}

// TestHandlerAllocations pins the budget of issue 5: a sampled request
// costs at most 12 allocations more than the same handler untraced.
func TestHandlerAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: discardEmitter{}, SamplingStrategy: sampleAll{}})
	if err != nil {
		t.Fatal(err)
	}
	run := func(c context.Context, h http.Handler) float64 {
		r := httptest.NewRequest("GET", "http://api.example.com/orders?id=1", nil).WithContext(c)
		r.Header.Set("User-Agent", "bench/1.0")
		return testing.AllocsPerRun(200, func() { h.ServeHTTP(httptest.NewRecorder(), r) })
	}
	untraced := run(context.Background(), trivialHandler())
	sampled := run(ctx, Handler(NewFixedSegmentNamer("bench"), trivialHandler()))
	if sampled-untraced > 12 {
		t.Errorf("sampled request allocates %v times, untraced %v: %v more, budget 12", sampled, untraced, sampled-untraced)
	}
	t.Logf("allocations: untraced %v, sampled %v", untraced, sampled)
}
