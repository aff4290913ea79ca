package sampling

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// captureLog records SDK log lines for the test.
type captureLog struct {
	mu    sync.Mutex
	lines []string
}

func (c *captureLog) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lines = append(c.lines, level.String()+" "+msg.String())
}

func (c *captureLog) has(line string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, l := range c.lines {
		if l == line {
			return true
		}
	}
	return false
}

func captureLogs(t *testing.T) *captureLog {
	c := &captureLog{}
	old := logger.Logger()
	logger.Inject(c)
	t.Cleanup(func() { logger.Inject(old) })
	return c
}

// Pollers start on the first decision: the rules are fetched at once, the
// targets one period later; Close stops both.
func TestPollersLifecycle(t *testing.T) {
	logs := captureLogs(t)
	h := newHarness(t)
	gate := make(chan struct{}) // holds the initial fetch until the first decision is made
	page := `{"SamplingRuleRecords":[` + customRule("r", 1, 0, 5).record() + `]}`
	h.d.setRulesHandler(func(string) (int, string) {
		<-gate
		return 200, page
	})
	before := goleak.IgnoreCurrent()
	if n := len(h.d.calls("/GetSamplingRules")); n != 0 || h.s.started.Load() {
		t.Fatal("construction or LoadDaemonEndpoints started something")
	}
	if _, rule := h.decide(Request{}); rule != "" {
		t.Errorf("first decision by %q, want the fallback", rule)
	}
	close(gate)
	mustNoErr(t, h.wait("rules"))
	if !logs.has("INFO X-Ray proxy using address : "+h.d.srv.Listener.Addr().String()) || !logs.has("INFO Successfully fetched sampling rules") {
		t.Errorf("log lines %q", logs.lines)
	}
	if _, rule := h.decide(Request{}); rule != "r" {
		t.Errorf("decision after the fetch by %q, want r", rule)
	}

	h.targetT.c <- time.Now()
	mustNoErr(t, h.wait("targets"))
	if n := len(h.d.calls("/SamplingTargets")); n != 1 {
		t.Errorf("%d target requests after one tick, want 1", n)
	}
	h.d.setRules(customRule("r2", 1, 0, 5).record())
	h.ruleT.c <- time.Now()
	mustNoErr(t, h.wait("rules"))
	if _, rule := h.decide(Request{}); rule != "r2" {
		t.Errorf("decision after the periodic fetch by %q, want r2", rule)
	}

	mustNoErr(t, h.s.Close())
	goleak.VerifyNone(t, before) // pollers and proxy connections are gone
	mustNoErr(t, h.s.Close())    // idempotent
	if _, rule := h.decide(Request{}); rule != "r2" {
		t.Errorf("after Close decided by %q, want the fetched rule r2", rule)
	}
	select {
	case h.ruleT.c <- time.Now():
		t.Error("a rule poller still runs after Close")
	case <-time.After(50 * time.Millisecond):
	}
}

// A strategy closed before its first decision never starts pollers.
func TestCloseBeforeStart(t *testing.T) {
	h := newHarness(t)
	mustNoErr(t, h.s.Close())
	h.decide(Request{})
	if !h.s.started.Load() {
		t.Error("started flag not set: every decision would take the start lock")
	}
	if n := len(h.d.calls("/GetSamplingRules")); n != 0 {
		t.Errorf("%d rule fetches after Close", n)
	}
}

// The real timers: pollers fetch rules and targets on their own, and stop.
func TestPollersRealTimers(t *testing.T) {
	h := newHarness(t)
	cfg := h.s.pollers.cfg
	cfg.newTimer = defaultPollConfig().newTimer
	cfg.rulePeriod, cfg.ruleJitter = 20*time.Millisecond, 5*time.Millisecond
	cfg.targetPeriod, cfg.targetJitter = 10*time.Millisecond, time.Millisecond
	h.d.setRules(defaultRule(0, 1).record())
	h.decide(Request{})
	mustNoErr(t, h.wait("rules"))
	h.decide(Request{})
	mustNoErr(t, h.wait("targets"))
	mustNoErr(t, h.wait("rules"))
	mustNoErr(t, h.s.Close())
	if len(h.d.calls("/SamplingTargets")) == 0 {
		t.Error("no statistics reported")
	}
}

// Endpoints loaded before the first decision are where the pollers go;
// endpoints loaded later re-target them.
func TestLoadDaemonEndpointsRetargets(t *testing.T) {
	logs := captureLogs(t)
	h := newHarness(t)
	other := newFakeDaemon(t)
	other.setRules(customRule("other", 1, 0, 1).record())
	h.d.setRules(customRule("first", 1, 0, 1).record())
	h.s.LoadDaemonEndpoints(nil) // ignored
	h.decide(Request{})
	mustNoErr(t, h.wait("rules"))
	h.s.LoadDaemonEndpoints(other.endpoints())
	if !logs.has("INFO X-Ray proxy using address : " + other.srv.Listener.Addr().String()) {
		t.Errorf("no log line for the new address: %q", logs.lines)
	}
	h.ruleT.c <- time.Now()
	mustNoErr(t, h.wait("rules"))
	if _, rule := h.decide(Request{}); rule != "other" {
		t.Errorf("decided by %q, want a rule of the new daemon", rule)
	}
	if len(other.calls("/GetSamplingRules")) != 1 || len(h.d.calls("/GetSamplingRules")) != 1 {
		t.Error("requests went to the wrong daemon")
	}
}

// Without loaded endpoints, the address comes from AWS_XRAY_DAEMON_ADDRESS.
func TestEndpointsFromEnvironment(t *testing.T) {
	d := newFakeDaemon(t)
	d.setRules(defaultRule(0, 1).record())
	t.Setenv("AWS_XRAY_DAEMON_ADDRESS", d.srv.Listener.Addr().String())
	h := newHarness(t)
	h.s.endpoints.Store(nil) // undo the harness's LoadDaemonEndpoints
	h.decide(Request{})
	mustNoErr(t, h.wait("rules"))
	if len(d.calls("/GetSamplingRules")) != 1 {
		t.Error("the environment's address was not used")
	}
}

// An invalid AWS_XRAY_DAEMON_ADDRESS is logged and the default used; no
// panic in the deciding goroutine.
func TestInvalidEnvironmentAddress(t *testing.T) {
	logs := captureLogs(t)
	t.Setenv("AWS_XRAY_DAEMON_ADDRESS", "not-an-address")
	ep := resolveEndpoints()
	if ep.TCPAddr.String() != "127.0.0.1:2000" {
		t.Errorf("address %s, want the default", ep.TCPAddr)
	}
	found := false
	for _, l := range logs.lines {
		found = found || strings.HasPrefix(l, "ERROR xray: invalid AWS_XRAY_DAEMON_ADDRESS")
	}
	if !found {
		t.Errorf("no error logged: %q", logs.lines)
	}
	t.Setenv("AWS_XRAY_DAEMON_ADDRESS", "")
	if ep := resolveEndpoints(); ep.TCPAddr.String() != "127.0.0.1:2000" {
		t.Errorf("unset: address %s, want the default", ep.TCPAddr)
	}
}

// Decisions from many goroutines while the pollers replace rules and
// targets: run with -race.
func TestConcurrentDecisionsAndRefreshes(t *testing.T) {
	h := newHarness(t)
	h.d.setRules(defaultRule(0.5, 2).record(), customRule("a", 1, 0.5, 2).with("Host", "a").record())
	h.d.setTargets(`{"SamplingTargetDocuments":[{"RuleName":"a","FixedRate":0.5,"ReservoirQuota":1,"ReservoirQuotaTTL":1705099999}],"LastRuleModification":1805096141}`)
	h.decide(Request{})
	mustNoErr(t, h.wait("rules"))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			hosts := []string{"a", "b", ""}
			for j := 0; ; j++ {
				select {
				case <-stop:
					return
				default:
				}
				d := h.s.ShouldTrace(&Request{Host: hosts[(i+j)%3]})
				if d == nil {
					t.Error("nil decision")
					return
				}
			}
		})
	}
	for range 5 {
		h.targetT.c <- time.Now()
		_ = h.wait("targets")
		h.ruleT.c <- time.Now()
		_ = h.wait("rules")
	}
	close(stop)
	wg.Wait()
	mustNoErr(t, h.s.Close())
}
