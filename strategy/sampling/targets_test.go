package sampling

import (
	"encoding/json"
	"strings"
	"testing"
)

// The statistics request carries exactly the SDK's JSON: keys in AWS SDK
// order, the client id, the counters and a Unix timestamp in milliseconds.
func TestTargetsRequestJSON(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(customRule("checkout", 1, 0.5, 5).record(), customRule("idle", 2, 0.5, 5).with("Host", "idle").record())
	mustNoErr(t, h.refreshRules())
	h.clock.NowNanos = 627_000_000
	h.rand.F64 = 0.25
	for range 3 { // one borrow, then two rate samples
		h.decide(Request{Host: "shop"})
	}
	h.d.setTargets(`{"SamplingTargetDocuments":[{"RuleName":"checkout","FixedRate":0.1,"ReservoirQuota":3,"ReservoirQuotaTTL":1705096200,"Interval":10}],"LastRuleModification":1705090000,"UnprocessedStatistics":[]}`)
	mustNoErr(t, h.refreshTargets())
	calls := h.d.calls("/SamplingTargets")
	if len(calls) != 1 {
		t.Fatalf("%d target requests, want 1", len(calls))
	}
	want := `{"SamplingStatisticsDocuments":[{"BorrowCount":1,"ClientID":"` + h.s.clientID + `","RequestCount":3,"RuleName":"checkout","SampledCount":2,"Timestamp":1705096141.627}]}`
	if calls[0].body != want {
		t.Errorf("body\n got %s\nwant %s", calls[0].body, want)
	}

	// The target is applied: rate 0.1, quota 3 per second until 1705096200.
	st := h.s.manifest.Load().Index["checkout"].state
	res := st.reservoir
	if st.currentRate() != 0.1 || res.quota.Load() != 3 || res.expiresAt.Load() != 1705096200 || res.interval.Load() != 10 || res.refreshedAt.Load() != testEpoch {
		t.Errorf("rule after target: rate %v quota %d expiry %d interval %d refreshed %d", st.currentRate(), res.quota.Load(), res.expiresAt.Load(), res.interval.Load(), res.refreshedAt.Load())
	}
	// No out-of-band refresh: the rules are newer than LastRuleModification.
	if n := len(h.d.calls("/GetSamplingRules")); n != 1 {
		t.Errorf("%d rule fetches, want 1", n)
	}
}

// A valid quota gives quota samples per second, then the rate; after the
// quota's TTL the rule borrows again.
func TestQuotaWindowsAndExpiry(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(customRule("r", 1, 0, 5).record())
	mustNoErr(t, h.refreshRules())
	h.decide(Request{}) // borrows
	h.d.setTargets(`{"SamplingTargetDocuments":[{"RuleName":"r","FixedRate":0,"ReservoirQuota":3,"ReservoirQuotaTTL":1705096145}]}`)
	mustNoErr(t, h.refreshTargets())
	count := func() (n int) {
		for range 10 {
			if s, _ := h.decide(Request{}); s {
				n++
			}
		}
		return n
	}
	for sec := int64(testEpoch); sec <= 1705096145; sec++ {
		h.setSecond(sec)
		if got := count(); got != 3 {
			t.Errorf("second %d: %d sampled, want quota 3", sec, got)
		}
	}
	h.setSecond(1705096146)
	if got := count(); got != 1 {
		t.Errorf("after the TTL: %d sampled, want 1 borrowed", got)
	}
	st := h.s.manifest.Load().Index["r"].state.snapshot()
	if st != (statistics{requests: 60, sampled: 15, borrows: 1}) {
		t.Errorf("counters %+v", st)
	}
}

// Statistics are reported only for rules with requests whose interval has
// passed since their last target; Default comes last.
func TestStatisticsStaleness(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(defaultRule(0, 1).record(), customRule("b", 2, 0, 1).with("Host", "b").record(), customRule("a", 1, 0, 1).with("Host", "a").record())
	mustNoErr(t, h.refreshRules())

	mustNoErr(t, h.refreshTargets())
	if n := len(h.d.calls("/SamplingTargets")); n != 0 {
		t.Fatalf("%d target requests without any decision, want none", n)
	}
	h.decide(Request{Host: "b"})
	h.decide(Request{Host: "zzz"})
	h.decide(Request{Host: "a"})
	h.d.setTargets(`{"SamplingTargetDocuments":[{"RuleName":"a","FixedRate":0,"Interval":20},{"RuleName":"b","FixedRate":0},{"RuleName":"Default","FixedRate":0}]}`)
	mustNoErr(t, h.refreshTargets())
	if got := reportedRules(t, h.d.calls("/SamplingTargets")[0].body); got != "a,b,Default" {
		t.Errorf("reported %s, want a,b,Default", got)
	}
	for _, host := range []string{"a", "b", "zzz"} {
		h.decide(Request{Host: host})
	}
	h.setSecond(testEpoch + 9)
	mustNoErr(t, h.refreshTargets())
	if n := len(h.d.calls("/SamplingTargets")); n != 1 {
		t.Errorf("report before the interval passed")
	}
	h.setSecond(testEpoch + 10)
	h.d.setTargets(`{"SamplingTargetDocuments":[{"RuleName":"b","FixedRate":0},{"RuleName":"Default","FixedRate":0}]}`)
	mustNoErr(t, h.refreshTargets())
	if got := reportedRules(t, h.d.calls("/SamplingTargets")[1].body); got != "b,Default" {
		t.Errorf("at +10 s reported %s, want b,Default (a has interval 20)", got)
	}
	h.decide(Request{Host: "b"})
	h.setSecond(testEpoch + 20)
	mustNoErr(t, h.refreshTargets())
	if got := reportedRules(t, h.d.calls("/SamplingTargets")[2].body); got != "a,b" {
		t.Errorf("at +20 s reported %s, want a,b", got)
	}
}

func reportedRules(t *testing.T, body string) string {
	t.Helper()
	var req targetsRequest
	mustNoErr(t, json.Unmarshal([]byte(body), &req))
	var names []string
	for _, d := range req.SamplingStatisticsDocuments {
		names = append(names, d.RuleName)
	}
	return strings.Join(names, ",")
}

func TestTargetsErrors(t *testing.T) {
	h := newHarness(t).manual()
	h.d.setRules(customRule("r", 1, 0.5, 1).record())
	mustNoErr(t, h.refreshRules())
	h.decide(Request{})
	h.d.setTargets(`{"SamplingTargetDocuments":[
		{"FixedRate":0.2},
		{"RuleName":"r"},
		{"RuleName":"gone","FixedRate":0.2},
		{"RuleName":"r","FixedRate":"x"},
		7,
		{"RuleName":"r","FixedRate":0.25,"ReservoirQuota":-4,"ReservoirQuotaTTL":1e300,"Interval":-1}
	],"UnprocessedStatistics":[{"RuleName":"r","ErrorCode":"500","Message":"boom"},{"ErrorCode":"500"},"junk"]}`)
	err := h.refreshTargets()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"invalid sampling target. Missing rule name",
		"invalid sampling target for rule r. Missing fixed rate",
		"rule gone not found",
		"error occurred updating sampling targets",
		"xray: invalid sampling target",
		"xray: invalid unprocessed statistics entry",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// The valid document still applied; hostile numbers do no harm.
	st := h.s.manifest.Load().Index["r"].state
	if st.currentRate() != 0.25 {
		t.Errorf("rate = %v, want 0.25", st.currentRate())
	}
	h.rand.F64 = 0.9
	for range 5 {
		if s, _ := h.decide(Request{}); s {
			t.Error("sampled with a negative quota and a failing draw")
		}
	}

	// Transport failure: the tick ends with the error.
	h.setSecond(testEpoch + 100)
	h.d.setTargetsHandler(func(string) (int, string) { return 400, `{"message":"no"}` })
	if err := h.refreshTargets(); err == nil || !strings.Contains(err.Error(), "HTTP 400") {
		t.Errorf("error = %v, want the HTTP status", err)
	}
}

// The service asks for fresh rules with a 4xx unprocessed statistic or a
// rule modification after the last fetch; the fetch runs in the background.
func TestTargetsTriggerRuleRefresh(t *testing.T) {
	tests := []struct {
		name, resp string
		refresh    bool
	}{
		{"4xx unprocessed", `{"UnprocessedStatistics":[{"RuleName":"r","ErrorCode":"400","Message":"unknown rule"}]}`, true},
		{"5xx unprocessed", `{"UnprocessedStatistics":[{"RuleName":"r","ErrorCode":"503"}]}`, false},
		{"modified after fetch", `{"LastRuleModification":1705096141}`, true},
		{"modified before fetch", `{"LastRuleModification":1705096140.9}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t).manual()
			h.d.setRules(customRule("r", 1, 0.5, 1).record())
			mustNoErr(t, h.refreshRules())
			h.decide(Request{})
			h.d.setTargets(tt.resp)
			_ = h.refreshTargets()
			if tt.refresh {
				mustNoErr(t, h.wait("rules-out-of-band"))
			}
			h.s.pollers.wg.Wait()
			want := 1
			if tt.refresh {
				want = 2
			}
			if n := len(h.d.calls("/GetSamplingRules")); n != want {
				t.Errorf("%d rule fetches, want %d", n, want)
			}
		})
	}
}
