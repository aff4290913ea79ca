package sampling

import (
	"math"
	"sync/atomic"

	"github.com/aws/aws-xray-sdk-go/pattern"
	"github.com/aws/aws-xray-sdk-go/utils"
)

// defaultRuleName is the name of the service's catch-all rule.
const defaultRuleName = "Default"

// CentralizedRule is a sampling rule fetched from the X-Ray service. Its
// Properties hold the patterns, FixedTarget (= ReservoirSize) and Rate (=
// FixedRate) as fetched. Rules are built by CentralizedStrategy; a hand-built
// CentralizedRule samples nothing.
//
// A rule value is immutable once published. What changes while it is in use
// (rate, quota, counters) lives in state, which carries over to the rule
// that replaces it when the rules are fetched again.
type CentralizedRule struct {
	*Properties

	ruleName    string
	priority    int64
	serviceType string
	resourceARN string
	attributes  map[string]string

	// compiled patterns, for decisions
	host, path, method, service, serviceTypeM matcher

	state *ruleState
	clock utils.Clock
	rand  randSource
}

// ruleState is the mutable part of a centralized rule, shared by the
// successive values of the rule with the same name.
type ruleState struct {
	// read by every decision, written rarely
	reservoir *CentralizedReservoir
	rate      atomic.Uint64 // math.Float64bits of the sampling rate
	name      string
	yes, no   Decision // the rule's two outcomes, shared and read-only

	_ [64]byte // keeps the counters, written by every decision, off that cache line

	requests atomic.Int64
	sampled  atomic.Int64
	borrows  atomic.Int64
}

func newRuleState(name string, capacity int64, rate float64) *ruleState {
	st := &ruleState{reservoir: newCentralizedReservoir(capacity), name: name}
	st.yes = Decision{Sample: true, Rule: &st.name}
	st.no = Decision{Sample: false, Rule: &st.name}
	st.setRate(rate)
	return st
}

func (st *ruleState) setRate(rate float64) { st.rate.Store(math.Float64bits(rate)) }
func (st *ruleState) currentRate() float64 { return math.Float64frombits(st.rate.Load()) }

// statistics is one rule's report for a target request.
type statistics struct {
	requests, sampled, borrows int64
}

// snapshot returns the counters and resets them to 0.
func (st *ruleState) snapshot() statistics {
	return statistics{
		requests: st.requests.Swap(0),
		sampled:  st.sampled.Swap(0),
		borrows:  st.borrows.Swap(0),
	}
}

// stale reports whether the rule has requests to report in second now.
func (st *ruleState) stale(now int64) bool {
	r := st.reservoir
	return st.requests.Load() > 0 && now-r.refreshedAt.Load() >= r.interval.Load()
}

// compile fills the compiled patterns.
func (r *CentralizedRule) compile() {
	r.host = compileMatcher(r.Host)
	r.path = compileMatcher(r.URLPath)
	r.method = compileMatcher(r.HTTPMethod)
	r.service = compileMatcher(r.ServiceName)
	r.serviceTypeM = compileMatcher(r.serviceType)
}

// AppliesTo reports whether the rule covers the request: each of host, URL
// path, HTTP method, service name and service type must be empty in the
// request or match the rule's pattern, ignoring case.
func (r *CentralizedRule) AppliesTo(request *Request) bool {
	if request == nil {
		request = &Request{}
	}
	p := r.Properties
	if p == nil {
		p = &Properties{}
	}
	match := func(pat, v string) bool { return v == "" || pattern.WildcardMatchCaseInsensitive(pat, v) }
	return match(p.Host, request.Host) && match(p.URLPath, request.URL) &&
		match(p.HTTPMethod, request.Method) && match(p.ServiceName, request.ServiceName) &&
		match(r.serviceType, request.ServiceType)
}

// appliesLowered is AppliesTo for lower-cased request values.
func (r *CentralizedRule) appliesLowered(host, path, method, service, serviceType value) bool {
	return r.host.matches(host) && r.path.matches(path) && r.method.matches(method) &&
		r.service.matches(service) && r.serviceTypeM.matches(serviceType)
}

// Sample decides for one request covered by the rule, in the current second.
// The Decision carries the rule's name whatever the outcome; it is shared and
// read-only.
func (r *CentralizedRule) Sample() *Decision {
	if r.state == nil {
		return &localNotSampled
	}
	return r.sample(clockUnix(r.clock))
}

// sample is Sample in Unix second now. Lock-free.
func (r *CentralizedRule) sample(now int64) *Decision {
	st := r.state
	st.requests.Add(1)
	res := st.reservoir
	if res.expired(now) {
		if res.borrow(now) {
			st.borrows.Add(1)
			return &st.yes
		}
	} else if res.Take(now) {
		st.sampled.Add(1)
		return &st.yes
	}
	if orRuntime(r.rand).Float64() < st.currentRate() {
		st.sampled.Add(1)
		return &st.yes
	}
	return &st.no
}
