package xray

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptrace"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/header"
)

// funcTransport is a base transport made of a function.
type funcTransport func(*http.Request) (*http.Response, error)

func (f funcTransport) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// reusedHooks fires the hooks of an exchange on a reused connection up to
// the written request.
func reusedHooks(r *http.Request) *httptrace.ClientTrace {
	tr := httptrace.ContextClientTrace(r.Context())
	if tr != nil {
		tr.GetConn(r.URL.Host)
		tr.GotConn(httptrace.GotConnInfo{Reused: true})
		tr.WroteRequest(httptrace.WroteRequestInfo{})
	}
	return tr
}

func TestRoundTripTransportPanic(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	rt := RoundTripper(funcTransport(func(r *http.Request) (*http.Response, error) {
		reusedHooks(r)
		panic("transport blew up")
	}))
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://backend.internal/x", nil)
	var got interface{}
	func() {
		defer func() { got = recover() }()
		_, _ = rt.RoundTrip(req)
	}()
	if got != "transport blew up" {
		t.Fatalf("recovered %v, want the transport's panic value", got)
	}
	root.Close(nil)
	doc := rec.Recv(t, 1)[0]
	assertAllClosed(t, doc)
	sub := childrenByName(t, doc)["backend.internal"]
	if sub == nil || sub["fault"] != true {
		t.Fatalf("subsegment %v", sub)
	}
	ex := onlyException(t, sub)
	if ex["type"] != "panic" || ex["message"] != "transport blew up" {
		t.Errorf("exception %v", ex)
	}
	// The phase the panic cut short is closed with it.
	resp := childrenByName(t, sub)["response"]
	if resp == nil || resp["fault"] != true {
		t.Errorf("response phase %v", resp)
	}
}

func TestRoundTripWithoutSegmentTransportPanic(t *testing.T) {
	var missing []string
	ctx, _ := ContextWithConfig(context.Background(), Config{ContextMissingStrategy: strategyFunc(func(v interface{}) {
		missing = append(missing, v.(string))
	})})
	rt := RoundTripper(funcTransport(func(r *http.Request) (*http.Response, error) { panic("no segment") }))
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://backend.internal/x", nil)
	var got interface{}
	func() {
		defer func() { got = recover() }()
		_, _ = rt.RoundTrip(req)
	}()
	if got != "no segment" {
		t.Fatalf("recovered %v", got)
	}
	want := []string{
		"failed to begin subsegment named 'backend.internal': segment cannot be found.",
		"failed to end subsegment: subsegment 'backend.internal' cannot be found.",
	}
	if len(missing) != 2 || missing[0] != want[0] || missing[1] != want[1] {
		t.Errorf("context-missing strategy got %q, want %q", missing, want)
	}
}

func TestRoundTripOutgoingHeaderIsACopy(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	var sent http.Header
	rt := RoundTripper(funcTransport(func(r *http.Request) (*http.Response, error) {
		sent = r.Header.Clone()
		// A transport that (against the contract) changes the header
		// must not reach the caller's.
		r.Header.Add("Accept", "text/plain")
		r.Header.Set("X-Added", "1")
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	}))
	accept := make([]string, 1, 4)
	accept[0] = "application/json"
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://backend.internal/x", nil)
	req.Header["Accept"] = accept
	req.Header.Set("X-Amzn-Trace-Id", "Root=stale")
	if _, err := rt.RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	root.Close(nil)
	doc := rec.Recv(t, 1)[0]
	sub := childrenByName(t, doc)["backend.internal"]
	want := "Root=" + str(t, doc, "trace_id") + ";Parent=" + str(t, sub, "id") + ";Sampled=1"
	if got := sent.Get("X-Amzn-Trace-Id"); got != want {
		t.Errorf("sent trace header %q, want %q", got, want)
	}
	if got := sent.Values("Accept"); len(got) != 1 || got[0] != "application/json" {
		t.Errorf("sent Accept %q", got)
	}
	if len(req.Header) != 2 || req.Header.Get("X-Amzn-Trace-Id") != "Root=stale" || len(req.Header["Accept"]) != 1 {
		t.Errorf("the caller's header changed: %v", req.Header)
	}
	if full := accept[:2]; full[1] != "" {
		t.Errorf("the transport wrote into the caller's value array: %q", full)
	}
}

func TestRoundTripNilHeader(t *testing.T) {
	ctx, _ := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	defer root.Close(nil)
	var sent string
	rt := RoundTripper(funcTransport(func(r *http.Request) (*http.Response, error) {
		sent = r.Header.Get("X-Amzn-Trace-Id")
		return nil, errors.New("refused")
	}))
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://backend.internal/x", nil)
	req.Header = nil
	if _, err := rt.RoundTrip(req); err == nil {
		t.Fatal("no error")
	}
	if sent == "" || req.Header != nil {
		t.Errorf("sent %q, caller's header %v", sent, req.Header)
	}
}

func TestRoundTripLateHooks(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	var late *httptrace.ClientTrace
	rt := RoundTripper(funcTransport(func(r *http.Request) (*http.Response, error) {
		late = reusedHooks(r)
		return nil, context.Canceled
	}))
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://backend.internal/x", nil)
	if _, err := rt.RoundTrip(req); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	// Hooks of the abandoned exchange fire late, on other goroutines,
	// while the caller closes its segment.
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			late.GetConn("backend.internal:80")
			late.ConnectStart("tcp", "10.0.0.1:80")
			late.ConnectDone("tcp", "10.0.0.1:80", nil)
			late.GotConn(httptrace.GotConnInfo{})
			late.WroteRequest(httptrace.WroteRequestInfo{})
			late.GotFirstResponseByte()
		}()
	}
	root.Close(nil)
	wg.Wait()
	doc := rec.Recv(t, 1)[0]
	assertAllClosed(t, doc)
	sub := childrenByName(t, doc)["backend.internal"]
	phases := childrenByName(t, sub)
	if len(phases) != 2 || phases["request"] == nil || phases["response"] == nil {
		t.Errorf("phases %v", phases)
	}
	if rec.Pending() != 0 {
		t.Error("late hooks emitted a document")
	}
}

func TestDownstreamHeaderValue(t *testing.T) {
	ctx, _ := newTestRecorder(t)
	incoming := []*header.Header{
		nil,
		{TraceID: "1-5759e988-bd862e3fe1be46a994272793", ParentID: "53995c3f42cd8ad8", SamplingDecision: header.Sampled},
		{ParentID: "53995c3f42cd8ad8", SamplingDecision: header.Requested},
		{TraceID: "1-5759e988-bd862e3fe1be46a994272793", AdditionalData: map[string]string{"Lineage": "a:1", "Foo": "bar"}},
	}
	for _, in := range incoming {
		for _, sampled := range []bool{true, false} {
			_, root := NewSegmentFromHeader(ctx, "root", &http.Request{Header: http.Header{}}, in)
			root.Sampled = sampled
			_, sub := BeginSubsegment(withSegment(ctx, root), "sub")
			for _, s := range []*Segment{root, sub} {
				if got, want := s.downstreamHeaderValue(), s.DownstreamHeader().String(); got != want {
					t.Errorf("incoming %v sampled %v: %q, want %q", in, sampled, got, want)
				}
			}
		}
	}
}

func TestRoundTripInLambda(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	//lint:ignore SA1029 the Lambda runtime stores the trace header under this string key
	ctx = context.WithValue(ctx, LambdaTraceHeaderKey, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
	var sent string
	rt := RoundTripper(funcTransport(func(r *http.Request) (*http.Response, error) {
		reusedHooks(r).GotFirstResponseByte()
		sent = r.Header.Get("X-Amzn-Trace-Id")
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	}))
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://backend.internal/x", nil)
	if _, err := rt.RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	sub := rec.Recv(t, 1)[0]
	if sub["name"] != "backend.internal" || sub["type"] != "subsegment" || sub["parent_id"] != "53995c3f42cd8ad8" {
		t.Errorf("subsegment %v", sub)
	}
	if want := "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=" + str(t, sub, "id") + ";Sampled=1"; sent != want {
		t.Errorf("sent %q, want %q", sent, want)
	}
	if phases := childrenByName(t, sub); len(phases) != 2 || phases["request"] == nil || phases["response"] == nil {
		t.Errorf("phases %v", phases)
	}
}
