package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// TestCentralizedSamplingThroughProxy drives the default centralized
// strategy through the receiver's TCP proxy: the SDK's GetSamplingRules and
// SamplingTargets calls must reach the fake X-Ray API signed with the
// collector's credentials, and the served rules must decide sampling.
func TestCentralizedSamplingThroughProxy(t *testing.T) {
	expectNoSDKProblems(t)
	c := startCollector(t)
	c.API.setRules(
		fakeRule{Name: "Default", Priority: 10000, FixedRate: 1},
		fakeRule{Name: "mute-e2e", ServiceName: "e2e-muted", Priority: 1, FixedRate: 0, ReservoirSize: 0},
	)
	strategy, err := sampling.NewCentralizedStrategy()
	if err != nil {
		t.Fatal(err)
	}
	if err := xray.Configure(xray.Config{DaemonAddr: c.daemonAddr(), SamplingStrategy: strategy}); err != nil {
		t.Fatal(err)
	}
	// Replacing the strategy stops its pollers (goleak checks in TestMain).
	t.Cleanup(func() { _ = xray.Configure(xray.Config{SamplingStrategy: sampleAll()}) })

	// The first decision starts the pollers; until the rules arrive the
	// fallback (local default rules) decides, without a rule name.
	strategy.ShouldTrace(&sampling.Request{ServiceName: "e2e-warm-up"})
	rules := c.API.waitCall(t, "/GetSamplingRules", 30*time.Second)
	wantSigned(t, rules)
	if strings.TrimSpace(string(rules.Body)) != "{}" {
		t.Errorf("GetSamplingRules body %q, want {}", rules.Body)
	}
	waitForRules(t, strategy)

	// The rules decide, and decisions carry their names.
	if d := strategy.ShouldTrace(&sampling.Request{ServiceName: "e2e-muted"}); d.Sample || d.Rule == nil || *d.Rule != "mute-e2e" {
		t.Errorf("e2e-muted decision %+v, want not sampled by mute-e2e", d)
	}
	if d := strategy.ShouldTrace(&sampling.Request{ServiceName: "e2e-kept"}); !d.Sample || d.Rule == nil || *d.Rule != "Default" {
		t.Errorf("e2e-kept decision %+v, want sampled by Default", d)
	}

	// Segments begun by the SDK follow them: the muted service is never
	// sent, the other one always.
	const muted, kept = 20, 5
	for i := 0; i < muted; i++ {
		_, seg := xray.BeginSegment(context.Background(), "e2e-muted")
		if sampled(seg) {
			t.Errorf("e2e-muted segment %d was sampled; its rule has rate 0 and reservoir 0", i)
		}
		seg.Close(nil)
	}
	var keptTraces []string
	for i := 0; i < kept; i++ {
		_, seg := xray.BeginSegment(context.Background(), "e2e-kept")
		if !sampled(seg) {
			t.Errorf("e2e-kept segment %d was not sampled; the Default rule has rate 1", i)
		}
		traceID, _ := ids(seg)
		keptTraces = append(keptTraces, traceID)
		seg.Close(nil)
	}
	for _, id := range keptTraces {
		c.waitTrace(t, id, 1)
	}
	for _, s := range c.readSpans(t) {
		if s.Name == "e2e-muted" {
			t.Errorf("an unsampled segment reached the collector: %+v", s)
		}
	}

	// The target poller reports statistics about every 10 s; add up the
	// reports until both rules' decisions are accounted for.
	totals := map[string][2]int{}
	deadline := time.Now().Add(45 * time.Second)
	for seen := 0; totals["mute-e2e"][0] < muted+1 || totals["Default"][1] < kept+1; {
		calls := c.API.callsTo("/SamplingTargets")
		for _, call := range calls[seen:] {
			wantSigned(t, call)
			addStatistics(t, call, totals)
		}
		seen = len(calls)
		if time.Now().After(deadline) {
			t.Fatalf("after 45 s the reported statistics (requests, sampled) are %v", totals)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if m := totals["mute-e2e"]; m != [2]int{muted + 1, 0} {
		t.Errorf("mute-e2e statistics (requests, sampled) = %v, want (%d, 0)", m, muted+1)
	}
	if len(c.logMessages("Received request on X-Ray receiver TCP proxy server")) < 2 {
		t.Errorf("the collector did not log the proxied requests")
	}
}

// addStatistics adds the request and sampled counts of a SamplingTargets
// call to totals, by rule name.
func addStatistics(t *testing.T, call apiCall, totals map[string][2]int) {
	t.Helper()
	var stats struct {
		SamplingStatisticsDocuments []struct {
			RuleName     string
			ClientID     string
			RequestCount int
			SampledCount int
		}
	}
	if err := json.Unmarshal(call.Body, &stats); err != nil {
		t.Fatalf("SamplingTargets body %q: %v", call.Body, err)
	}
	for _, d := range stats.SamplingStatisticsDocuments {
		if len(d.ClientID) != 24 {
			t.Errorf("statistics for %s: client id %q", d.RuleName, d.ClientID)
		}
		tot := totals[d.RuleName]
		totals[d.RuleName] = [2]int{tot[0] + d.RequestCount, tot[1] + d.SampledCount}
	}
}

// wantSigned fails t unless call was signed by the receiver's proxy with
// the fake credentials for the X-Ray service in the fake region.
func wantSigned(t *testing.T, call apiCall) {
	t.Helper()
	want := "AWS4-HMAC-SHA256 Credential=" + fakeAccessKey + "/"
	if !strings.HasPrefix(call.Authorization, want) || !strings.Contains(call.Authorization, "/"+fakeRegion+"/xray/aws4_request") {
		t.Errorf("%s: Authorization %q, want a SigV4 signature with %s for xray in %s", call.Path, call.Authorization, fakeAccessKey, fakeRegion)
	}
}

// waitForRules waits until the strategy decides with the served rules
// (its decisions carry a rule name). The probe's service name matches only
// the Default rule.
func waitForRules(t *testing.T, s *sampling.CentralizedStrategy) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if d := s.ShouldTrace(&sampling.Request{ServiceName: "e2e-probe"}); d.Rule != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the centralized strategy never used the served rules")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sampled reports the sampling decision recorded on seg.
func sampled(seg *xray.Segment) bool {
	seg.RLock()
	defer seg.RUnlock()
	return seg.Sampled
}
