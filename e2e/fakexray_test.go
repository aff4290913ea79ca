package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

const (
	// fakeAccessKey and fakeRegion are the static credentials and region
	// the collector's proxy signs with; the fake API checks they arrive.
	fakeAccessKey = "AKIDXRAYE2EFAKE00000"
	fakeRegion    = "us-west-2"
)

// fakeRule is one sampling rule served by the fake X-Ray API.
type fakeRule struct {
	Name          string
	ServiceName   string
	Priority      int
	FixedRate     float64
	ReservoirSize int
}

// apiCall is one request the fake X-Ray API received.
type apiCall struct {
	Path          string
	Authorization string
	Body          []byte
}

// fakeXRay is a stand-in for the X-Ray service's sampling API
// (GetSamplingRules, SamplingTargets) on 127.0.0.1. It serves the rules it
// is given and records every call.
type fakeXRay struct {
	URL string

	mu     sync.Mutex
	rules  []fakeRule
	calls  []apiCall
	notify chan struct{}
}

// newFakeXRay starts the fake API for the duration of t, serving only a
// Default rule that samples everything.
func newFakeXRay(t *testing.T) *fakeXRay {
	t.Helper()
	f := &fakeXRay{
		rules:  []fakeRule{{Name: "Default", Priority: 10000, FixedRate: 1, ReservoirSize: 0}},
		notify: make(chan struct{}, 1),
	}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// setRules replaces the served rules.
func (f *fakeXRay) setRules(rules ...fakeRule) {
	f.mu.Lock()
	f.rules = rules
	f.mu.Unlock()
}

func (f *fakeXRay) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, apiCall{Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), Body: body})
	rules := append([]fakeRule(nil), f.rules...)
	f.mu.Unlock()
	select {
	case f.notify <- struct{}{}:
	default:
	}

	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/GetSamplingRules":
		_ = json.NewEncoder(w).Encode(rulesResponse(rules))
	case r.Method == http.MethodPost && r.URL.Path == "/SamplingTargets":
		var req struct {
			SamplingStatisticsDocuments []struct {
				RuleName string
			}
		}
		if err := json.Unmarshal(body, &req); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"__type":"InvalidRequestException","message":"bad body"}`))
			return
		}
		_ = json.NewEncoder(w).Encode(targetsResponse(rules, req.SamplingStatisticsDocuments))
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"__type":"UnknownOperationException"}`))
	}
}

// rulesResponse renders rules as a GetSamplingRules answer.
func rulesResponse(rules []fakeRule) map[string]any {
	records := make([]map[string]any, 0, len(rules))
	now := float64(time.Now().Unix())
	for _, r := range rules {
		service := r.ServiceName
		if service == "" {
			service = "*"
		}
		records = append(records, map[string]any{
			"CreatedAt": now, "ModifiedAt": now,
			"SamplingRule": map[string]any{
				"RuleName": r.Name, "RuleARN": "arn:aws:xray:" + fakeRegion + ":000000000000:sampling-rule/" + r.Name,
				"ResourceARN": "*", "Priority": r.Priority, "FixedRate": r.FixedRate,
				"ReservoirSize": r.ReservoirSize, "ServiceName": service, "ServiceType": "*",
				"Host": "*", "HTTPMethod": "*", "URLPath": "*", "Version": 1, "Attributes": map[string]string{},
			},
		})
	}
	return map[string]any{"SamplingRuleRecords": records}
}

// targetsResponse answers SamplingTargets with each reported rule's rate
// and its reservoir as quota.
func targetsResponse(rules []fakeRule, stats []struct{ RuleName string }) map[string]any {
	byName := map[string]fakeRule{}
	for _, r := range rules {
		byName[r.Name] = r
	}
	docs := []map[string]any{}
	for _, s := range stats {
		r, ok := byName[s.RuleName]
		if !ok {
			continue
		}
		docs = append(docs, map[string]any{
			"RuleName": r.Name, "FixedRate": r.FixedRate, "ReservoirQuota": r.ReservoirSize,
			"ReservoirQuotaTTL": float64(time.Now().Add(time.Minute).Unix()), "Interval": 10,
		})
	}
	return map[string]any{"SamplingTargetDocuments": docs, "UnprocessedStatistics": []any{}}
}

// callsTo returns the recorded calls to path.
func (f *fakeXRay) callsTo(path string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if c.Path == path {
			out = append(out, c)
		}
	}
	return out
}

// waitCall waits up to timeout for a call to path and returns the first.
func (f *fakeXRay) waitCall(t *testing.T, path string, timeout time.Duration) apiCall {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if calls := f.callsTo(path); len(calls) > 0 {
			return calls[0]
		}
		select {
		case <-f.notify:
		case <-deadline.C:
			t.Fatalf("the fake X-Ray API received no %s call within %s", path, timeout)
		}
	}
}
