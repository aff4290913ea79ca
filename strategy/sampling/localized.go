package sampling

import (
	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/resources"
	"github.com/aws/aws-xray-sdk-go/utils"
)

// defaultRulesAsset is the resources asset holding the default rule file.
const defaultRulesAsset = "resources/DefaultSamplingRules.json"

// LocalizedStrategy samples from local rules: the first custom rule (in file
// order) whose host, URL path and HTTP method patterns cover the request
// decides, otherwise the default rule. Decisions never carry a rule name.
// Safe for concurrent use; a decision takes no lock and allocates nothing.
type LocalizedStrategy struct {
	manifest *RuleManifest
	rules    *localRules
}

// localRules is a manifest prepared for matching: patterns lower-cased once.
type localRules struct {
	custom []localRule
	def    *Rule
}

type localRule struct {
	host, path, method matcher
	rule               *Rule
}

// NewLocalizedStrategy returns a strategy using the embedded default rules
// (one sample per second, then 5%).
func NewLocalizedStrategy() (*LocalizedStrategy, error) {
	return newLocalizedFromAsset(nil, nil)
}

// NewLocalizedStrategyFromFilePath returns a strategy using the rule file at
// fp. It returns the errors of ManifestFromFilePath.
func NewLocalizedStrategyFromFilePath(fp string) (*LocalizedStrategy, error) {
	m, err := ManifestFromFilePath(fp)
	if err != nil {
		return nil, err
	}
	return newLocalized(m), nil
}

// NewLocalizedStrategyFromJSONBytes returns a strategy using the rule file
// content b. It returns the errors of ManifestFromJSONBytes.
func NewLocalizedStrategyFromJSONBytes(b []byte) (*LocalizedStrategy, error) {
	return newLocalizedFromJSON(b, nil, nil)
}

func newLocalizedFromAsset(clock utils.Clock, rnd randSource) (*LocalizedStrategy, error) {
	b, err := resources.Asset(defaultRulesAsset)
	if err != nil {
		return nil, err
	}
	return newLocalizedFromJSON(b, clock, rnd)
}

func newLocalizedFromJSON(b []byte, clock utils.Clock, rnd randSource) (*LocalizedStrategy, error) {
	m, err := manifestFromJSON(b, clock, rnd)
	if err != nil {
		return nil, err
	}
	return newLocalized(m), nil
}

// newLocalized prepares a validated manifest for matching.
func newLocalized(m *RuleManifest) *LocalizedStrategy {
	lr := &localRules{custom: make([]localRule, len(m.Rules)), def: m.Default}
	for i, r := range m.Rules {
		lr.custom[i] = localRule{
			host:   compileMatcher(r.Host),
			path:   compileMatcher(r.URLPath),
			method: compileMatcher(r.HTTPMethod),
			rule:   r,
		}
	}
	return &LocalizedStrategy{manifest: m, rules: lr}
}

// ShouldTrace decides whether the request is sampled. The request's
// ServiceName and ServiceType are not considered. The returned Decision is
// shared and read-only. A zero LocalizedStrategy samples nothing.
func (lss *LocalizedStrategy) ShouldTrace(rq *Request) *Decision {
	if lss == nil || lss.rules == nil {
		return &localNotSampled
	}
	if rq == nil {
		rq = &Request{}
	}
	var f folder
	host, path, method := f.lower(rq.Host), f.lower(rq.URL), f.lower(rq.Method)
	lr := lss.rules
	for i := range lr.custom {
		c := &lr.custom[i]
		if c.host.matches(host) && c.path.matches(path) && c.method.matches(method) {
			d := c.rule.Sample()
			if logger.DebugEnabled() {
				logger.Debugf("Local sampling rule %d (host %q, url_path %q, http_method %q) decided: sampled=%t", i, c.rule.Host, c.rule.URLPath, c.rule.HTTPMethod, d.Sample)
			}
			return d
		}
	}
	d := lr.def.Sample()
	if logger.DebugEnabled() {
		logger.Debugf("Local default sampling rule decided: sampled=%t", d.Sample)
	}
	return d
}
