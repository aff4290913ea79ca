package sampling

import (
	"encoding/json"
	"testing"
)

// benchRules: the request below misses the first rule on its host and is
// decided by the second.
const benchRules = `{
	"version": 2,
	"default": {"fixed_target": 1, "rate": 0.05},
	"rules": [
		{"host": "*.example.org", "http_method": "*", "url_path": "/api/*", "fixed_target": 1, "rate": 0.1},
		{"host": "*.example.com", "http_method": "GET", "url_path": "/api/*", "fixed_target": 1, "rate": 0.1}
	]
}`

var benchRequest = Request{Host: "www.example.com", Method: "GET", URL: "/api/users/42", ServiceName: "orders", ServiceType: "AWS::EC2::Instance"}

// Budget: 0 allocs, <= 150 ns.
func BenchmarkLocalizedShouldTraceSecondRule(b *testing.B) {
	s, err := NewLocalizedStrategyFromJSONBytes([]byte(benchRules))
	if err != nil {
		b.Fatal(err)
	}
	if d := s.ShouldTrace(&benchRequest); !d.Sample {
		b.Fatal("first request not sampled by the second rule's reservoir")
	}
	b.ReportAllocs()
	for b.Loop() {
		req := benchRequest
		s.ShouldTrace(&req)
	}
}

func BenchmarkLocalizedShouldTraceParallel(b *testing.B) {
	s, err := NewLocalizedStrategyFromJSONBytes([]byte(benchRules))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := benchRequest
			s.ShouldTrace(&req)
		}
	})
}

// newBenchCentralized returns a strategy with fetched rules where the
// request is decided by the second of three custom rules.
func newBenchCentralized(b *testing.B) *CentralizedStrategy {
	fb, err := NewLocalizedStrategy()
	if err != nil {
		b.Fatal(err)
	}
	s, err := newCentralized(fb, nil, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	s.started.Store(true) // no pollers: the rules are installed directly
	var records []json.RawMessage
	for _, r := range []rule{
		customRule("org", 1, 0.1, 1).with("Host", "*.example.org"),
		customRule("com", 2, 0.1, 1).with("Host", "*.example.com").with("HTTPMethod", "GET").with("URLPath", "/api/*").with("ServiceName", "orders").with("ServiceType", "AWS::EC2::*"),
		customRule("other", 3, 0.1, 1),
		defaultRule(0.05, 1),
	} {
		records = append(records, json.RawMessage(r.record()))
	}
	if err := s.updateRules(records, clockUnix(s.clock)); err != nil {
		b.Fatal(err)
	}
	req := benchRequest
	if d := s.ShouldTrace(&req); d.Rule == nil || *d.Rule != "com" {
		b.Fatalf("decided by %s", ruleNameOf(d))
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// Budget: 0 allocs, <= 250 ns.
func BenchmarkCentralizedShouldTrace(b *testing.B) {
	s := newBenchCentralized(b)
	b.ReportAllocs()
	for b.Loop() {
		req := benchRequest
		s.ShouldTrace(&req)
	}
}

// Budget: per call no worse than 2x BenchmarkCentralizedShouldTrace.
func BenchmarkCentralizedShouldTraceParallel(b *testing.B) {
	s := newBenchCentralized(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := benchRequest
			s.ShouldTrace(&req)
		}
	})
}
