package sampling

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// CentralizedManifest is one immutable snapshot of the fetched rules: the
// custom rules in decision order (priority, then name), the service's
// Default rule, and every rule by name. A fetch publishes a new snapshot;
// rules keep their reservoir state across snapshots.
type CentralizedManifest struct {
	Default *CentralizedRule
	Rules   []*CentralizedRule
	Index   map[string]*CentralizedRule

	refreshedAt int64 // Unix second taken before the successful fetch
}

// expired reports whether the snapshot is too old to decide in second now.
func (m *CentralizedManifest) expired(now int64) bool {
	return now > m.refreshedAt+ruleSetTTL
}

// errRulesPartiallyFailed reports a fetch where some records were unusable.
var errRulesPartiallyFailed = errors.New("error occurred creating/updating rules")

// updateRules publishes a snapshot built from the fetched records. Records
// without a name or a supported version, undecodable records and rules
// missing a required field count as failures; rules with attributes or a
// specific resource ARN are skipped. Custom rules absent from the records,
// or failed, are dropped; the Default rule stays until the service sends a
// new one. The snapshot is published even when some records failed.
func (ss *CentralizedStrategy) updateRules(records []json.RawMessage, fetchedAt int64) error {
	old := ss.manifest.Load()
	if old == nil {
		old = &CentralizedManifest{}
	}
	next := &CentralizedManifest{
		Default:     old.Default,
		Index:       make(map[string]*CentralizedRule, len(records)),
		refreshedAt: fetchedAt,
	}
	failed := false
	for _, raw := range records {
		w, err := decodeRuleRecord(raw)
		if err != nil {
			logger.Debugf("Sampling: unusable rule record: %v", err)
			failed = true
			continue
		}
		name := *w.RuleName
		if len(w.Attributes) != 0 || w.ResourceARN == nil || *w.ResourceARN != "*" {
			logger.Debugf("Sampling: skipping rule %q: rules with attributes or a specific resource ARN are not supported", name)
			continue
		}
		if name == defaultRuleName {
			if w.FixedRate == nil || w.ReservoirSize == nil {
				logger.Debugf("Sampling: Default rule lacks FixedRate or ReservoirSize")
				failed = true
				continue
			}
			next.Default = ss.buildRule(name, w, old.Default)
			continue
		}
		if !w.complete() {
			logger.Debugf("Sampling: rule %q lacks a required field", name)
			failed = true
			continue
		}
		prev, seen := next.Index[name]
		if !seen && len(next.Rules) == maxRules {
			logger.Debugf("Sampling: more than %d rules; rule %q ignored", maxRules, name)
			failed = true
			continue
		}
		if !seen {
			prev = old.Index[name]
		}
		r := ss.buildRule(name, w, prev)
		next.Index[name] = r
		if i := slices.Index(next.Rules, prev); seen && i >= 0 {
			next.Rules[i] = r
		} else {
			next.Rules = append(next.Rules, r)
		}
	}
	if next.Default != nil {
		next.Index[defaultRuleName] = next.Default
	}
	slices.SortFunc(next.Rules, func(a, b *CentralizedRule) int {
		return cmp.Or(cmp.Compare(a.priority, b.priority), cmp.Compare(a.ruleName, b.ruleName))
	})
	ss.manifest.Store(next)
	if failed {
		return errRulesPartiallyFailed
	}
	return nil
}

// decodeRuleRecord decodes one record and checks name and version.
func decodeRuleRecord(raw json.RawMessage) (*wireRule, error) {
	var rec ruleRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, err
	}
	w := rec.SamplingRule
	switch {
	case w == nil:
		return nil, errors.New("missing SamplingRule")
	case w.RuleName == nil:
		return nil, errors.New("missing RuleName")
	case w.Version == nil:
		return nil, errors.New("missing Version")
	case *w.Version != 1:
		return nil, errors.New("unsupported Version")
	}
	for _, p := range []*string{w.ServiceName, w.ServiceType, w.Host, w.HTTPMethod, w.URLPath} {
		if p != nil && len(*p) > maxPatternLen {
			return nil, fmt.Errorf("rule %q: pattern longer than %d bytes", *w.RuleName, maxPatternLen)
		}
	}
	return w, nil
}

// maxPatternLen bounds the patterns accepted from the service (whose own
// limits are far lower), so that a hostile proxy cannot make every
// decision slow: matching costs up to len(pattern) * len(value).
const maxPatternLen = 1024

// maxRules bounds the custom rules kept from one fetch (the service allows
// a few dozen), for the same reason: a decision tests them in turn.
const maxRules = 1000

// complete reports whether a custom rule has every field it needs.
func (w *wireRule) complete() bool {
	return w.ServiceName != nil && w.HTTPMethod != nil && w.URLPath != nil && w.Host != nil &&
		w.ServiceType != nil && w.ResourceARN != nil && w.Priority != nil &&
		w.ReservoirSize != nil && w.FixedRate != nil
}

// buildRule returns the rule for a validated record. With prev (the rule of
// the same name in use) the new rule shares prev's reservoir state and
// counters, and the rate and capacity are updated in place.
func (ss *CentralizedStrategy) buildRule(name string, w *wireRule, prev *CentralizedRule) *CentralizedRule {
	size, rate := *w.ReservoirSize, *w.FixedRate
	r := &CentralizedRule{
		Properties: &Properties{
			ServiceName: deref(w.ServiceName),
			Host:        deref(w.Host),
			HTTPMethod:  deref(w.HTTPMethod),
			URLPath:     deref(w.URLPath),
			FixedTarget: size,
			Rate:        rate,
		},
		ruleName:    name,
		serviceType: deref(w.ServiceType),
		resourceARN: deref(w.ResourceARN),
		attributes:  w.Attributes,
		clock:       ss.clock,
		rand:        ss.rand,
	}
	if w.Priority != nil {
		r.priority = *w.Priority
	}
	r.compile()
	if prev != nil && prev.state != nil {
		r.state = prev.state
		r.state.reservoir.capacity.Store(max(size, 0))
		r.state.setRate(rate)
	} else {
		r.state = newRuleState(name, size, rate)
	}
	return r
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
