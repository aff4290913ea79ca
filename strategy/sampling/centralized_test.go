package sampling

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/plugins"
)

func TestClientID(t *testing.T) {
	a, err := NewCentralizedStrategy()
	mustNoErr(t, err)
	b, err := NewCentralizedStrategy()
	mustNoErr(t, err)
	re := regexp.MustCompile(`^[0-9a-f]{24}$`)
	if !re.MatchString(a.clientID) || !re.MatchString(b.clientID) || a.clientID == b.clientID {
		t.Errorf("client ids %q, %q: want two distinct 24-hex-digit ids", a.clientID, b.clientID)
	}
	// Construction starts nothing: goleak in TestMain would see it.
	mustNoErr(t, a.Close())
	mustNoErr(t, b.Close())
}

// Before the first fetch, decisions are made by the local fallback and
// carry no rule name.
func TestCentralizedFallbackBeforeFetch(t *testing.T) {
	h := newHarness(t).manual()
	h.s.fallback = newTestLocal(t, `{"version":2,"default":{"fixed_target":1,"rate":0}}`, h.clock, h.rand)
	if sampled, rule := h.decide(Request{ServiceName: "svc"}); !sampled || rule != "" {
		t.Errorf("first decision = (%t, %q), want local reservoir sample without rule", sampled, rule)
	}
	if sampled, rule := h.decide(Request{ServiceName: "svc"}); sampled || rule != "" {
		t.Errorf("second decision = (%t, %q), want local not sampled", sampled, rule)
	}
}

func TestCentralizedRuleOrderAndMatching(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(
		defaultRule(0, 0).record(),
		customRule("zeta", 5, 1, 0).with("Host", "*.example.com").record(),
		customRule("alpha", 5, 1, 0).with("Host", "*.example.com").with("HTTPMethod", "POST").record(),
		customRule("svc", 1, 1, 0).with("ServiceName", "Orders*").record(),
		customRule("ec2", 2, 1, 0).with("ServiceType", "AWS::EC2::Instance").record(),
		customRule("path", 3, 1, 0).with("URLPath", "/api/*").with("Host", "api.*").record(),
	)
	mustNoErr(t, h.refreshRules())
	m := h.s.manifest.Load()
	var order []string
	for _, r := range m.Rules {
		order = append(order, r.ruleName)
	}
	if want := []string{"svc", "ec2", "path", "alpha", "zeta"}; !slices.Equal(order, want) {
		t.Fatalf("rule order = %v, want %v (priority, then name)", order, want)
	}

	origin := plugins.Get().Origin
	t.Cleanup(func() { plugins.Update(func(m *plugins.PluginMetadata) { m.Origin = origin }) })
	plugins.Update(func(m *plugins.PluginMetadata) { m.Origin = "" })

	tests := []struct {
		name string
		req  Request
		rule string
	}{
		{"service name, case-insensitive", Request{ServiceName: "orders-api", Host: "www.example.com"}, "svc"},
		{"service type", Request{ServiceName: "x", ServiceType: "aws::ec2::instance"}, "ec2"},
		{"host and path", Request{ServiceName: "x", ServiceType: "t", Host: "API.shop", URL: "/api/v1"}, "path"},
		{"name tie broken by name", Request{ServiceName: "x", ServiceType: "t", Host: "a.example.com", Method: "POST"}, "alpha"},
		{"method differs", Request{ServiceName: "x", ServiceType: "t", Host: "a.example.com", Method: "GET"}, "zeta"},
		{"nothing applies", Request{ServiceName: "x", ServiceType: "t", Host: "a.example.net"}, "Default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, rule := h.decide(tt.req); rule != tt.rule {
				t.Errorf("decided by %q, want %q", rule, tt.rule)
			}
		})
	}
}

// An empty ServiceType is filled in with the plugin origin, in the
// caller's request, and matched.
func TestCentralizedServiceTypeFromOrigin(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(customRule("ecs", 1, 1, 0).with("ServiceType", "AWS::ECS::Container").record())
	mustNoErr(t, h.refreshRules())
	origin := plugins.Get().Origin
	t.Cleanup(func() { plugins.Update(func(m *plugins.PluginMetadata) { m.Origin = origin }) })
	plugins.Update(func(m *plugins.PluginMetadata) { m.Origin = "AWS::ECS::Container" })

	req := &Request{ServiceName: "svc"}
	d := h.s.ShouldTrace(req)
	if d.Rule == nil || *d.Rule != "ecs" {
		t.Errorf("decided by %s, want \"ecs\"", ruleNameOf(d))
	}
	if req.ServiceType != "AWS::ECS::Container" {
		t.Errorf("request ServiceType = %q, want the plugin origin", req.ServiceType)
	}
	plugins.Update(func(m *plugins.PluginMetadata) { m.Origin = "AWS::EC2::Instance" })
	if d := h.s.ShouldTrace(&Request{ServiceName: "svc"}); d.Rule != nil {
		t.Errorf("EC2 origin decided by %s, want the fallback (no Default rule)", ruleNameOf(d))
	}
}

// Without a Default rule from the service, unmatched requests go to the
// fallback.
func TestCentralizedNoDefaultUsesFallback(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(customRule("only", 1, 1, 0).with("Host", "only").record())
	mustNoErr(t, h.refreshRules())
	if _, rule := h.decide(Request{Host: "other"}); rule != "" {
		t.Errorf("decided by %q, want the fallback", rule)
	}
	if _, rule := h.decide(Request{Host: "ONLY"}); rule != "only" {
		t.Errorf("decided by %q, want \"only\"", rule)
	}
}

// The rule set expires 3600 s after the last successful fetch; failed
// fetches do not renew it.
func TestCentralizedRulesExpire(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(defaultRule(1, 0).record())
	mustNoErr(t, h.refreshRules())
	h.setSecond(testEpoch + 3600)
	if _, rule := h.decide(Request{}); rule != "Default" {
		t.Fatalf("at 3600 s decided by %q, want Default", rule)
	}
	h.d.setRulesHandler(func(string) (int, string) { return 400, `{"message":"bad"}` })
	if err := h.refreshRules(); err == nil {
		t.Fatal("refresh against a failing proxy succeeded")
	}
	h.setSecond(testEpoch + 3601)
	if _, rule := h.decide(Request{}); rule != "" {
		t.Fatalf("at 3601 s decided by %q, want the fallback", rule)
	}
	h.d.setRules(defaultRule(1, 0).record())
	mustNoErr(t, h.refreshRules())
	if _, rule := h.decide(Request{}); rule != "Default" {
		t.Fatalf("after a new fetch decided by %q, want Default", rule)
	}
}

// Without a quota, a rule borrows one sample per second (counted as a
// borrow, not as sampled); other requests are sampled at the rule's rate.
func TestCentralizedBorrowing(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(customRule("r", 1, 0.5, 10).record(), customRule("zero", 0, 0, 0).with("Host", "zero").record())
	mustNoErr(t, h.refreshRules())
	r := h.s.manifest.Load().Index["r"]
	h.rand.F64 = 0.9 // rate draws fail
	for i, want := range []bool{true, false, false} {
		if sampled, rule := h.decide(Request{Host: "other"}); sampled != want || rule != "r" {
			t.Errorf("call %d = (%t, %q), want (%t, \"r\")", i, sampled, rule, want)
		}
	}
	h.setSecond(testEpoch + 1)
	h.rand.F64 = 0.4 // rate draws succeed
	for range 3 {
		if sampled, _ := h.decide(Request{Host: "other"}); !sampled {
			t.Error("not sampled with a successful rate draw")
		}
	}
	if st := r.state.snapshot(); st != (statistics{requests: 6, sampled: 2, borrows: 2}) {
		t.Errorf("counters = %+v, want 6 requests, 2 borrows, 2 sampled", st)
	}
	// Capacity 0: no borrowing.
	h.rand.F64 = 0.9
	if sampled, rule := h.decide(Request{Host: "zero"}); sampled || rule != "zero" {
		t.Errorf("zero-capacity rule = (%t, %q), want not sampled by \"zero\"", sampled, rule)
	}
}

func TestRulesRefreshSkipsAndFailures(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(
		customRule("keep", 1, 0.1, 1).record(),
		customRule("attrs", 1, 0.1, 1).with("Attributes", map[string]string{"k": "v"}).record(),
		customRule("arn", 1, 0.1, 1).with("ResourceARN", "arn:aws:ecs:us-east-1:123456789012:service/x").record(),
		customRule("noarn", 1, 0.1, 1).with("ResourceARN", nil).record(),
		customRule("v2", 1, 0.1, 1).with("Version", 2).record(),
		customRule("nover", 1, 0.1, 1).with("Version", nil).record(),
		customRule("x", 1, 0.1, 1).with("RuleName", nil).record(),
		`{"CreatedAt":1}`,
		`null`,
		`{"SamplingRule":{"RuleName":7}}`,
		customRule("nohost", 1, 0.1, 1).with("Host", nil).record(),
		customRule("noprio", 1, 0.1, 1).with("Priority", nil).record(),
		customRule("long", 1, 0.1, 1).with("URLPath", "/"+strings.Repeat("*a", 600)).record(),
		defaultRule(0.05, 1).with("FixedRate", nil).record(),
	)
	err := h.refreshRules()
	if err == nil || err.Error() != "error occurred creating/updating rules" {
		t.Fatalf("error = %v, want the partial-failure error", err)
	}
	m := h.s.manifest.Load()
	if len(m.Rules) != 1 || m.Rules[0].ruleName != "keep" || m.Default != nil {
		t.Fatalf("rules = %v, default %v: want only \"keep\"", names(m), m.Default)
	}
	if m.refreshedAt != testEpoch {
		t.Errorf("fetch time = %d, want %d even after a partial failure", m.refreshedAt, testEpoch)
	}
	// Only skipped records: no error.
	h.d.setRules(customRule("keep", 1, 0.1, 1).record(), customRule("attrs", 1, 0.1, 1).with("Attributes", map[string]string{"k": "v"}).record())
	mustNoErr(t, h.refreshRules())
}

// Updates keep a rule's quota state; rules missing from a fetch, or whose
// update is invalid, are removed; Default is never removed.
func TestRulesUpdateAndPrune(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(defaultRule(0, 0).record(), customRule("a", 1, 0, 5).record(), customRule("b", 2, 0, 5).record())
	mustNoErr(t, h.refreshRules())
	h.decide(Request{})
	h.d.setTargets(`{"SamplingTargetDocuments":[{"RuleName":"a","FixedRate":0,"ReservoirQuota":2,"ReservoirQuotaTTL":1705099999,"Interval":10}]}`)
	mustNoErr(t, h.refreshTargets())

	// Update: "a" moves behind "b" and changes its rate; its quota stays.
	h.d.setRules(customRule("a", 3, 0.7, 9).with("Host", "A.*").record(), customRule("b", 2, 0, 5).with("Host", "b.*").record())
	mustNoErr(t, h.refreshRules())
	m := h.s.manifest.Load()
	if got := names(m); !slices.Equal(got, []string{"b", "a"}) || m.Default == nil {
		t.Fatalf("rules = %v (default %v), want [b a] and the old Default", got, m.Default)
	}
	a := m.Index["a"]
	if a.Host != "A.*" || a.Rate != 0.7 || a.FixedTarget != 9 || a.priority != 3 || a.state.currentRate() != 0.7 || a.state.reservoir.capacity.Load() != 9 {
		t.Errorf("updated rule = %+v, rate %v", *a.Properties, a.state.currentRate())
	}
	if a.state.reservoir.quota.Load() != 2 || a.state.reservoir.expiresAt.Load() != 1705099999 {
		t.Error("the update lost the quota")
	}
	h.rand.F64 = 0.99
	var got []bool
	for range 3 {
		s, _ := h.decide(Request{Host: "a.x"})
		got = append(got, s)
	}
	if !slices.Equal(got, []bool{true, true, false}) {
		t.Errorf("decisions with quota 2 = %v", got)
	}

	// An invalid update removes the rule (upstream behaviour, kept).
	h.d.setRules(customRule("a", 3, 0.7, 9).with("URLPath", nil).record(), customRule("b", 2, 0, 5).record())
	if err := h.refreshRules(); err == nil {
		t.Error("invalid update: no error")
	}
	if got := names(h.s.manifest.Load()); !slices.Equal(got, []string{"b"}) {
		t.Errorf("rules after invalid update = %v, want [b]", got)
	}
	// Missing from the fetch: removed, except Default.
	h.d.setRules()
	mustNoErr(t, h.refreshRules())
	m = h.s.manifest.Load()
	if len(m.Rules) != 0 || m.Default == nil || m.Index["Default"] != m.Default {
		t.Errorf("after an empty fetch: rules %v, default %v", names(m), m.Default)
	}
}

// A record repeated in one response is one rule.
func TestRulesDuplicateNames(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(customRule("a", 1, 0.1, 1).record(), customRule("a", 7, 0.2, 1).record())
	mustNoErr(t, h.refreshRules())
	m := h.s.manifest.Load()
	if len(m.Rules) != 1 || m.Rules[0].priority != 7 {
		t.Errorf("rules = %v", names(m))
	}
}

// Transport and API errors leave the rules as they were.
func TestRulesFetchErrorsKeepRules(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(customRule("a", 1, 0.1, 1).record())
	mustNoErr(t, h.refreshRules())
	before := h.s.manifest.Load()
	for _, resp := range []struct {
		status int
		body   string
	}{
		{200, `not json`},
		{200, `{"SamplingRuleRecords":{}}`},
		{200, `[1,2]`},
		{400, `{"message":"ValidationException"}`},
		{502, `<html>bad gateway</html>`},
		{200, `{"SamplingRuleRecords":[],"NextToken":7}`},
	} {
		h.d.setRulesHandler(func(string) (int, string) { return resp.status, resp.body })
		err := h.refreshRules()
		if err == nil || !strings.HasPrefix(err.Error(), "xray: ") {
			t.Errorf("%d %s: error = %v, want an xray: error", resp.status, resp.body, err)
		}
		if h.s.manifest.Load() != before {
			t.Errorf("%d %s: rules changed", resp.status, resp.body)
		}
	}
}

// A panic inside a refresh is reported as an error, not a crash.
func TestRefreshRecoversPanics(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(customRule("a", 1, 0.1, 1).record())
	mustNoErr(t, h.refreshRules())
	h.decide(Request{})
	h.s.manifest.Load().Rules[0].state = nil // break the rule
	h.s.manifest.Load().Index["a"].state = nil
	err := h.refreshTargets()
	if err == nil || !strings.Contains(err.Error(), "panic") {
		t.Errorf("error = %v, want the recovered panic", err)
	}
}

func names(m *CentralizedManifest) []string {
	var out []string
	for _, r := range m.Rules {
		out = append(out, r.ruleName)
	}
	return out
}

func TestCentralizedRuleZeroValues(t *testing.T) {
	var r CentralizedRule
	if d := r.Sample(); d.Sample {
		t.Error("zero CentralizedRule sampled")
	}
	if !r.AppliesTo(&Request{}) || !r.AppliesTo(nil) || r.AppliesTo(&Request{Host: "x"}) {
		t.Error("zero CentralizedRule: only the empty request applies")
	}
	var res CentralizedReservoir
	if res.Take(testEpoch) {
		t.Error("zero CentralizedReservoir took")
	}
	var s CentralizedStrategy
	if d := s.ShouldTrace(&Request{}); d.Sample || d.Rule != nil {
		t.Error("zero CentralizedStrategy sampled")
	}
	s.LoadDaemonEndpoints(nil)
	mustNoErr(t, s.Close())
}

func TestCentralizedRuleAppliesTo(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(customRule("r", 1, 1, 0).with("Host", "*.Example.com").with("ServiceName", "web").
		with("ServiceType", "AWS::EC2::*").with("HTTPMethod", "GET").with("URLPath", "/a/*").record())
	mustNoErr(t, h.refreshRules())
	r := h.s.manifest.Load().Rules[0]
	tests := []struct {
		req  Request
		want bool
	}{
		{Request{Host: "x.example.com", URL: "/a/b", Method: "get", ServiceName: "WEB", ServiceType: "AWS::EC2::Instance"}, true},
		{Request{}, true},
		{Request{ServiceType: "AWS::ECS::Container"}, false},
		{Request{ServiceName: "api"}, false},
		{Request{Method: "PUT"}, false},
		{Request{URL: "/b"}, false},
		{Request{Host: "example.com"}, false},
	}
	for _, tt := range tests {
		if got := r.AppliesTo(&tt.req); got != tt.want {
			t.Errorf("AppliesTo(%+v) = %t, want %t", tt.req, got, tt.want)
		}
	}
}

// A hostile proxy cannot install an unbounded number of rules.
func TestRulesBounded(t *testing.T) {
	h := newHarness(t).manual()
	var records []string
	for i := range maxRules + 5 {
		records = append(records, customRule(fmt.Sprintf("r%04d", i), i, 0, 0).record())
	}
	h.d.setRules(records...)
	if err := h.refreshRules(); err == nil {
		t.Error("no error for the rules beyond the bound")
	}
	if n := len(h.s.manifest.Load().Rules); n != maxRules {
		t.Errorf("%d rules kept, want %d", n, maxRules)
	}
}
