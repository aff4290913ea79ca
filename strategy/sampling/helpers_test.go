package sampling

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/daemoncfg"
	"github.com/aws/aws-xray-sdk-go/utils"
)

// proxyRequest is one request the fake daemon received.
type proxyRequest struct {
	path   string
	body   string
	header http.Header
}

// fakeDaemon is the daemon's sampling proxy on 127.0.0.1. It checks that
// every request is a JSON POST without AWS credentials and answers with the
// handler of its path.
type fakeDaemon struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	requests []proxyRequest
	rules    func(body string) (status int, response string)
	targets  func(body string) (status int, response string)
	received chan proxyRequest // every request, for tests that wait
}

func newFakeDaemon(t *testing.T) *fakeDaemon {
	t.Helper()
	d := &fakeDaemon{t: t, received: make(chan proxyRequest, 100)}
	d.rules = func(string) (int, string) { return 200, `{"SamplingRuleRecords":[]}` }
	d.targets = func(string) (int, string) { return 200, `{"SamplingTargetDocuments":[]}` }
	d.srv = httptest.NewServer(http.HandlerFunc(d.serve))
	t.Cleanup(d.srv.Close)
	return d
}

func (d *fakeDaemon) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		d.t.Errorf("reading request body: %v", err)
	}
	if r.Method != http.MethodPost {
		d.t.Errorf("%s %s: want POST", r.Method, r.URL.Path)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		d.t.Errorf("%s: Content-Type %q, want application/json", r.URL.Path, ct)
	}
	for k := range r.Header {
		if k == "Authorization" || strings.HasPrefix(k, "X-Amz-") {
			d.t.Errorf("%s: unexpected header %s: the proxy signs requests itself", r.URL.Path, k)
		}
	}
	req := proxyRequest{path: r.URL.Path, body: string(body), header: r.Header.Clone()}
	d.mu.Lock()
	d.requests = append(d.requests, req)
	handler := map[string]func(string) (int, string){"/GetSamplingRules": d.rules, "/SamplingTargets": d.targets}[r.URL.Path]
	d.mu.Unlock()
	status, resp := 404, `{"message":"unknown operation"}`
	if handler != nil {
		status, resp = handler(string(body))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, resp)
	select {
	case d.received <- req:
	default:
	}
}

// setRules answers GetSamplingRules with a single page of records.
func (d *fakeDaemon) setRules(records ...string) {
	page := `{"SamplingRuleRecords":[` + strings.Join(records, ",") + `],"NextToken":null}`
	d.setRulesHandler(func(string) (int, string) { return 200, page })
}

func (d *fakeDaemon) setRulesHandler(h func(body string) (int, string)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.rules = h
}

func (d *fakeDaemon) setTargetsHandler(h func(body string) (int, string)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.targets = h
}

// setTargets answers SamplingTargets with a fixed response.
func (d *fakeDaemon) setTargets(response string) {
	d.setTargetsHandler(func(string) (int, string) { return 200, response })
}

// calls returns the requests received so far on path.
func (d *fakeDaemon) calls(path string) []proxyRequest {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []proxyRequest
	for _, r := range d.requests {
		if r.path == path {
			out = append(out, r)
		}
	}
	return out
}

func (d *fakeDaemon) endpoints() *daemoncfg.DaemonEndpoints {
	return endpointsOf(d.t, d.srv.Listener.Addr().String())
}

func endpointsOf(t *testing.T, hostPort string) *daemoncfg.DaemonEndpoints {
	t.Helper()
	tcp, err := net.ResolveTCPAddr("tcp", hostPort)
	if err != nil {
		t.Fatal(err)
	}
	udp, err := net.ResolveUDPAddr("udp", hostPort)
	if err != nil {
		t.Fatal(err)
	}
	return &daemoncfg.DaemonEndpoints{TCPAddr: tcp, UDPAddr: udp}
}

// rule is a GetSamplingRules record under construction.
type rule map[string]any

// customRule returns a record matching everything, with the given name,
// priority, rate and reservoir size.
func customRule(name string, priority int, rate float64, size int) rule {
	return rule{
		"RuleName": name, "RuleARN": "arn:aws:xray:us-east-1:123456789012:sampling-rule/" + name,
		"ResourceARN": "*", "Priority": priority, "FixedRate": rate, "ReservoirSize": size,
		"ServiceName": "*", "ServiceType": "*", "Host": "*", "HTTPMethod": "*", "URLPath": "*",
		"Version": 1, "Attributes": map[string]string{},
	}
}

func defaultRule(rate float64, size int) rule {
	r := customRule("Default", 10000, rate, size)
	return r
}

// with returns a copy of r with k set to v (or removed when v is nil).
func (r rule) with(k string, v any) rule {
	c := rule{}
	for kk, vv := range r {
		c[kk] = vv
	}
	if v == nil {
		delete(c, k)
	} else {
		c[k] = v
	}
	return c
}

// record returns r as a GetSamplingRules record.
func (r rule) record() string {
	b, err := json.Marshal(map[string]any{"CreatedAt": 1.7e9, "ModifiedAt": 1.7e9, "SamplingRule": map[string]any(r)})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// refreshEvent is one refresh a poller reported.
type refreshEvent struct {
	kind string
	err  error
}

// fakeTicker is a poller timer the test fires by hand.
type fakeTicker struct{ c chan time.Time }

func (f *fakeTicker) C() <-chan time.Time { return f.c }
func (f *fakeTicker) Reset()              {}

// harness is a centralized strategy on a mock clock and random source,
// talking to a fake daemon, with poller timers fired by the test.
type harness struct {
	t       *testing.T
	s       *CentralizedStrategy
	d       *fakeDaemon
	clock   *utils.MockClock
	rand    *utils.MockRand
	events  chan refreshEvent
	ruleT   *fakeTicker
	targetT *fakeTicker
}

const testEpoch = 1705096141 // 2024-01-12T21:49:01Z

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{
		t:       t,
		d:       newFakeDaemon(t),
		clock:   &utils.MockClock{NowTime: testEpoch},
		rand:    &utils.MockRand{F64: 0.99},
		events:  make(chan refreshEvent, 100),
		ruleT:   &fakeTicker{c: make(chan time.Time)},
		targetT: &fakeTicker{c: make(chan time.Time)},
	}
	cfg := defaultPollConfig()
	cfg.backoff = time.Millisecond
	cfg.newTimer = func(d, _ time.Duration) ticker {
		if d == cfg.rulePeriod {
			return h.ruleT
		}
		return h.targetT
	}
	cfg.onRefresh = func(kind string, err error) {
		select {
		case h.events <- refreshEvent{kind, err}:
		default: // nobody listens: never block a poller
		}
	}
	fb, err := newLocalizedFromJSON([]byte(`{"version":2,"default":{"fixed_target":0,"rate":0}}`), h.clock, h.rand)
	if err != nil {
		t.Fatal(err)
	}
	h.s, err = newCentralized(fb, h.clock, h.rand, cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.s.LoadDaemonEndpoints(h.d.endpoints())
	t.Cleanup(func() { h.s.Close() })
	return h
}

// manual keeps the pollers from starting: the test calls the refreshes.
func (h *harness) manual() *harness {
	h.s.started.Store(true)
	return h
}

// refreshRules fetches the rules synchronously.
func (h *harness) refreshRules() error { return h.s.pollers.refreshRules() }

// refreshTargets runs one target-poller tick synchronously.
func (h *harness) refreshTargets() error { return h.s.pollers.refreshTargets() }

// wait returns the next refresh event of kind, failing after a timeout.
func (h *harness) wait(kind string) error {
	h.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case e := <-h.events:
			if e.kind == kind {
				return e.err
			}
		case <-timeout:
			h.t.Fatalf("no %s refresh within 10s", kind)
			return nil
		}
	}
}

// decide asks the strategy about req and returns sampled and rule name ("" for local).
func (h *harness) decide(req Request) (bool, string) {
	d := h.s.ShouldTrace(&req)
	if d.Rule == nil {
		return d.Sample, ""
	}
	return d.Sample, *d.Rule
}

func (h *harness) setSecond(sec int64) {
	atomic.StoreInt64(&h.clock.NowTime, sec)
	atomic.StoreInt64(&h.clock.NowNanos, 0)
}

func mustNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ruleNameOf(d *Decision) string {
	if d.Rule == nil {
		return "<local>"
	}
	return fmt.Sprintf("%q", *d.Rule)
}
