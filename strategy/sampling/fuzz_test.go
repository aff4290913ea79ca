package sampling

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-xray-sdk-go/utils"
)

var fuzzRequests = []Request{
	{},
	{Host: "www.Example.com", Method: "GET", URL: "/api/v1/users", ServiceName: "Orders", ServiceType: "AWS::EC2::Instance"},
	{Host: "é", Method: "?", URL: "*", ServiceName: "\xff"},
}

// Rule files from users: any input gives a manifest that works or an
// error, never a panic.
func FuzzManifestFromJSONBytes(f *testing.F) {
	for _, name := range []string{"example_rules.json", "v1_rules.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(twoRules))
	f.Add([]byte(`{"version":2,"default":{},"rules":[null]}`))
	f.Add([]byte(`{"version":1,"default":{"fixed_target":1e3,"rate":2},"rules":[{"service_name":"*","http_method":"*","url_path":"*"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ManifestFromJSONBytes(b)
		if err != nil {
			if m != nil {
				t.Fatal("manifest and error")
			}
			return
		}
		if m.Version != 1 && m.Version != 2 || m.Default == nil || m.Default.Properties == nil || m.Default.reservoir == nil {
			t.Fatalf("invalid manifest accepted: %+v", m)
		}
		for _, r := range m.Rules {
			if r == nil || r.Properties == nil || r.reservoir == nil || r.FixedTarget < 0 || r.Rate < 0 {
				t.Fatalf("invalid rule accepted: %+v", r)
			}
		}
		s, err := NewLocalizedStrategyFromJSONBytes(b)
		if err != nil {
			t.Fatalf("manifest valid but strategy failed: %v", err)
		}
		for i := range fuzzRequests {
			req := fuzzRequests[i]
			if s.ShouldTrace(&req) == nil {
				t.Fatal("nil decision")
			}
		}
	})
}

// Rule pages from the daemon: any response gives rules that work or an
// error, never a panic.
func FuzzRulesResponse(f *testing.F) {
	f.Add([]byte(`{"SamplingRuleRecords":[` + customRule("a", 1, 0.5, 3).record() + `,` + defaultRule(0.05, 1).record() + `],"NextToken":null}`))
	f.Add([]byte(`{"SamplingRuleRecords":[null,{},{"SamplingRule":{"RuleName":"Default","Version":1,"ResourceARN":"*","FixedRate":1,"ReservoirSize":-5}}]}`))
	f.Add([]byte(`{"SamplingRuleRecords":[` + customRule("a", 1, 0.5, 3).with("Priority", -9e18).record() + `]}`))
	clock := &utils.MockClock{NowTime: testEpoch}
	fb, err := newLocalizedFromJSON([]byte(twoRules), clock, nil)
	if err != nil {
		f.Fatal(err)
	}
	s, err := newCentralized(fb, clock, nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	s.started.Store(true)
	f.Fuzz(func(t *testing.T, b []byte) {
		var page rulesPage
		if json.Unmarshal(b, &page) != nil {
			return
		}
		_ = s.updateRules(page.SamplingRuleRecords, testEpoch)
		m := s.manifest.Load()
		for _, r := range m.Rules {
			if r.state == nil || r.state.reservoir.capacity.Load() < 0 {
				t.Fatalf("rule %q published without usable state", r.ruleName)
			}
		}
		for i := range fuzzRequests {
			req := fuzzRequests[i]
			if s.ShouldTrace(&req) == nil {
				t.Fatal("nil decision")
			}
		}
	})
}

// Target responses from the daemon: applied or reported, never a panic.
func FuzzTargetsResponse(f *testing.F) {
	f.Add([]byte(`{"SamplingTargetDocuments":[{"RuleName":"a","FixedRate":0.1,"ReservoirQuota":3,"ReservoirQuotaTTL":1705096200,"Interval":10}],"LastRuleModification":1705090000,"UnprocessedStatistics":[{"RuleName":"a","ErrorCode":"400","Message":"x"}]}`))
	f.Add([]byte(`{"SamplingTargetDocuments":[{"RuleName":"Default","FixedRate":-1,"ReservoirQuota":-3,"ReservoirQuotaTTL":-1e308,"Interval":-9223372036854775808}]}`))
	clock := &utils.MockClock{NowTime: testEpoch}
	fb, err := newLocalizedFromJSON([]byte(twoRules), clock, nil)
	if err != nil {
		f.Fatal(err)
	}
	s, err := newCentralized(fb, clock, nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	s.started.Store(true)
	records := []json.RawMessage{json.RawMessage(customRule("a", 1, 0.5, 3).record()), json.RawMessage(defaultRule(0.05, 1).record())}
	if err := s.updateRules(records, testEpoch); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var resp targetsResponse
		if json.Unmarshal(b, &resp) != nil {
			return
		}
		_, _ = s.applyTargets(&resp, testEpoch)
		for i := range fuzzRequests {
			req := fuzzRequests[i]
			if s.ShouldTrace(&req) == nil {
				t.Fatal("nil decision")
			}
		}
		s.collectStatistics(s.manifest.Load(), testEpoch+1<<40, 0)
	})
}
