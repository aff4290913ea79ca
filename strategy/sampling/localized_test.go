package sampling

import (
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/utils"
)

// twoRules has a rule per field plus a catch-all default that never samples
// on its own (reservoir 0, rate 0).
const twoRules = `{
	"version": 2,
	"default": {"fixed_target": 0, "rate": 0},
	"rules": [
		{"host": "*.example.org", "http_method": "PUT", "url_path": "/upload/*", "fixed_target": 0, "rate": 1},
		{"host": "API.example.com", "http_method": "get", "url_path": "/v?/users/*", "fixed_target": 2, "rate": 0.5}
	]
}`

func newTestLocal(t *testing.T, rules string, clock utils.Clock, rnd randSource) *LocalizedStrategy {
	t.Helper()
	s, err := newLocalizedFromJSON([]byte(rules), clock, rnd)
	mustNoErr(t, err)
	return s
}

func TestLocalizedMatching(t *testing.T) {
	clock := &utils.MockClock{NowTime: testEpoch}
	rnd := &utils.MockRand{F64: 0.99} // rate draws fail unless rate is 1
	tests := []struct {
		name string
		req  Request
		want bool // sampled by rule 0 (rate 1); rule 1's reservoir is used up first
	}{
		{"all fields match", Request{Host: "www.example.org", Method: "PUT", URL: "/upload/a"}, true},
		{"case-insensitive", Request{Host: "WWW.EXAMPLE.ORG", Method: "put", URL: "/UPLOAD/A"}, true},
		{"empty fields match anything", Request{}, true},
		{"empty host and path", Request{Method: "PUT"}, true},
		{"service name and type are ignored", Request{Host: "a.example.org", ServiceName: "nope", ServiceType: "AWS::EC2::Instance"}, true},
		{"method differs", Request{Host: "www.example.org", Method: "GET", URL: "/upload/a"}, false},
		{"host differs", Request{Host: "example.org", Method: "PUT", URL: "/upload/a"}, false},
		{"path differs", Request{Host: "www.example.org", Method: "PUT", URL: "/download/a"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestLocal(t, twoRules, clock, rnd)
			// Use up rule 1's reservoir so that only rule 0 (rate 1) samples.
			for range 2 {
				s.ShouldTrace(&Request{Host: "api.example.com", Method: "GET", URL: "/v1/users/1"})
			}
			d := s.ShouldTrace(&tt.req)
			if d.Sample != tt.want {
				t.Errorf("Sample = %t, want %t", d.Sample, tt.want)
			}
			if d.Rule != nil {
				t.Errorf("local decision names rule %q", *d.Rule)
			}
		})
	}
}

// A request matching only the second rule is decided by it: its reservoir
// gives fixed_target samples per second, then the rate decides.
func TestLocalizedReservoirPerSecond(t *testing.T) {
	clock := &utils.MockClock{NowTime: testEpoch}
	rnd := &utils.MockRand{F64: 0.99}
	s := newTestLocal(t, twoRules, clock, rnd)
	req := Request{Host: "api.EXAMPLE.com", Method: "GET", URL: "/v2/users/42"}
	count := func(n int) (sampled int) {
		for range n {
			if s.ShouldTrace(&req).Sample {
				sampled++
			}
		}
		return sampled
	}
	if got := count(10); got != 2 {
		t.Fatalf("first second: %d sampled, want fixed_target 2", got)
	}
	clock.Increment(0, 999_999_999) // same whole second
	if got := count(10); got != 0 {
		t.Fatalf("rest of the second: %d sampled, want 0", got)
	}
	clock.Increment(0, 1) // next second
	if got := count(10); got != 2 {
		t.Fatalf("next second: %d sampled, want 2", got)
	}
	rnd.F64 = 0.49 // below the rule's rate 0.5: every draw samples
	if got := count(10); got != 10 {
		t.Fatalf("with rate draws succeeding: %d sampled, want 10", got)
	}
	clock.Increment(-5, 0) // any other second resets the usage
	rnd.F64 = 0.5          // rand < rate fails at equality
	if got := count(10); got != 2 {
		t.Fatalf("after the clock went back: %d sampled, want 2", got)
	}
}

// A segment begun without HTTP fields is decided by the first custom rule.
func TestLocalizedEmptyRequestUsesFirstRule(t *testing.T) {
	s := newTestLocal(t, `{"version":2,"default":{"fixed_target":0,"rate":0},
		"rules":[{"host":"x","http_method":"x","url_path":"x","fixed_target":0,"rate":1}]}`, nil, &utils.MockRand{F64: 0.5})
	if !s.ShouldTrace(&Request{ServiceName: "svc"}).Sample {
		t.Error("BeginSegment-style request was not decided by the first rule")
	}
	if !s.ShouldTrace(nil).Sample {
		t.Error("nil request was not decided by the first rule")
	}
}

func TestLocalizedDefaultRule(t *testing.T) {
	clock := &utils.MockClock{NowTime: testEpoch}
	s := newTestLocal(t, `{"version":2,"default":{"fixed_target":1,"rate":0.25},
		"rules":[{"host":"only.this","http_method":"*","url_path":"*","fixed_target":0,"rate":0}]}`, clock, &utils.MockRand{F64: 0.3})
	req := &Request{Host: "other", Method: "GET", URL: "/"}
	if !s.ShouldTrace(req).Sample {
		t.Error("default reservoir did not sample the first request of the second")
	}
	if s.ShouldTrace(req).Sample {
		t.Error("default sampled beyond its reservoir with a draw above its rate")
	}
}

func TestLocalizedNonASCII(t *testing.T) {
	s := newTestLocal(t, `{"version":2,"default":{"fixed_target":0,"rate":0},
		"rules":[{"host":"ÉCOLE.example","http_method":"*","url_path":"/caf?/*","fixed_target":0,"rate":1}]}`, nil, &utils.MockRand{F64: 0.5})
	if !s.ShouldTrace(&Request{Host: "école.EXAMPLE", URL: "/cafe/x"}).Sample {
		t.Error("non-ASCII host did not match case-insensitively")
	}
	if s.ShouldTrace(&Request{URL: "/café/x"}).Sample {
		t.Error("? matched a two-byte character")
	}
	long := "/caf" + string(make([]byte, 300))
	s.ShouldTrace(&Request{URL: long, Host: "ÉCOLE.EXAMPLE" + long}) // beyond the stack buffer: no panic
}

func TestLocalizedZeroValues(t *testing.T) {
	var s LocalizedStrategy
	if s.ShouldTrace(&Request{}).Sample {
		t.Error("zero LocalizedStrategy sampled")
	}
	var r Rule
	if r.Sample().Sample {
		t.Error("zero Rule sampled")
	}
	var res Reservoir
	if res.Take() {
		t.Error("zero Reservoir took")
	}
	var p *Properties
	if !p.AppliesTo("", "", "") || p.AppliesTo("h", "", "") {
		t.Error("nil Properties: only the empty request applies")
	}
}

func TestPropertiesAppliesTo(t *testing.T) {
	p := &Properties{Host: "*.Example.com", URLPath: "/api/*", HTTPMethod: "GET", ServiceName: "ignored"}
	tests := []struct {
		host, path, method string
		want               bool
	}{
		{"www.example.com", "/api/x", "get", true},
		{"", "", "", true},
		{"www.example.com", "", "", true},
		{"www.example.net", "/api/x", "GET", false},
		{"www.example.com", "/web/x", "GET", false},
		{"www.example.com", "/api/x", "POST", false},
	}
	for _, tt := range tests {
		if got := p.AppliesTo(tt.host, tt.path, tt.method); got != tt.want {
			t.Errorf("AppliesTo(%q, %q, %q) = %t, want %t", tt.host, tt.path, tt.method, got, tt.want)
		}
		var r Rule = Rule{Properties: p}
		if got := r.AppliesTo(tt.host, tt.path, tt.method); got != tt.want {
			t.Errorf("Rule.AppliesTo(%q, %q, %q) = %t, want %t", tt.host, tt.path, tt.method, got, tt.want)
		}
	}
}

// Many goroutines share one strategy; the reservoir hands out exactly
// fixed_target samples in the second.
func TestLocalizedConcurrent(t *testing.T) {
	clock := &utils.MockClock{NowTime: testEpoch}
	s := newTestLocal(t, `{"version":2,"default":{"fixed_target":50,"rate":0}}`, clock, &utils.MockRand{F64: 0.5})
	var wg sync.WaitGroup
	var mu sync.Mutex
	sampled := 0
	for range 8 {
		wg.Go(func() {
			n := 0
			for range 1000 {
				if s.ShouldTrace(&Request{Host: "h", Method: "GET", URL: "/"}).Sample {
					n++
				}
			}
			mu.Lock()
			sampled += n
			mu.Unlock()
		})
	}
	wg.Wait()
	if sampled != 50 {
		t.Errorf("%d sampled in one second by 8 goroutines, want 50", sampled)
	}
}

func TestRateDraws(t *testing.T) {
	s, err := NewLocalizedStrategyFromJSONBytes([]byte(`{"version":2,"default":{"fixed_target":0,"rate":0.5}}`))
	mustNoErr(t, err)
	n := 0
	for range 4000 {
		if s.ShouldTrace(&Request{}).Sample {
			n++
		}
	}
	if n < 1700 || n > 2300 {
		t.Errorf("rate 0.5 sampled %d of 4000", n)
	}
}
