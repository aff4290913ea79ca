package sampling

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-xray-sdk-go/utils"
)

// RuleManifest is the content of a local rule file: a format version (1 or 2),
// the default rule and the custom rules in the order they are tried.
type RuleManifest struct {
	Version int     `json:"version"`
	Default *Rule   `json:"default"`
	Rules   []*Rule `json:"rules"`
}

// The manifest validation errors. Their texts are part of the SDK's
// observable behaviour.
var (
	errNoDefault            = errors.New("sampling rule manifest must include a default rule")
	errDefaultHasMatchers   = errors.New("the default rule must not specify values for url_path, service_name, or http_method")
	errDefaultNegative      = errors.New("the default rule must specify non-negative values for fixed_target and rate")
	errRuleNegative         = errors.New("all rules must have non-negative values for fixed_target and rate")
	errV2RuleMissingMatcher = errors.New("all non-default rules must have values for url_path, host, and http_method")
	errV1RuleMissingMatcher = errors.New("all non-default rules must have values for url_path, service_name, and http_method")
)

// ManifestFromFilePath reads and validates a rule file. A read error is
// returned unchanged; see ManifestFromJSONBytes for the rest.
func ManifestFromFilePath(fp string) (*RuleManifest, error) {
	b, err := os.ReadFile(fp)
	if err != nil {
		return nil, err
	}
	return ManifestFromJSONBytes(b)
}

// ManifestFromJSONBytes parses and validates a rule file. It returns the
// encoding/json error for invalid JSON and a descriptive error for a manifest
// that breaks the format's rules. Version 1 files have each rule's
// service_name moved into Host, so it is matched against the request host.
func ManifestFromJSONBytes(b []byte) (*RuleManifest, error) {
	return manifestFromJSON(b, nil, nil)
}

// manifestFromJSON is ManifestFromJSONBytes with the clock and random source
// the rules' reservoirs and draws use (nil: wall clock, runtime source).
func manifestFromJSON(b []byte, clock utils.Clock, rnd randSource) (*RuleManifest, error) {
	m := &RuleManifest{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, err
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	if m.Version == 1 {
		for _, r := range m.Rules {
			r.Host, r.ServiceName = r.ServiceName, ""
		}
	}
	m.Default.init(clock, rnd)
	for _, r := range m.Rules {
		r.init(clock, rnd)
	}
	return m, nil
}

// validate checks the manifest and gives every rule non-nil Properties.
func (m *RuleManifest) validate() error {
	if m.Version != 1 && m.Version != 2 {
		return fmt.Errorf("sampling rule manifest version %d not supported", m.Version)
	}
	if m.Default == nil {
		return errNoDefault
	}
	d := m.Default.props()
	if d.URLPath != "" || d.ServiceName != "" || d.HTTPMethod != "" {
		return errDefaultHasMatchers
	}
	if d.FixedTarget < 0 || d.Rate < 0 {
		return errDefaultNegative
	}
	for _, r := range m.Rules {
		if r == nil {
			r = &Rule{}
		}
		p := r.props()
		if p.FixedTarget < 0 || p.Rate < 0 {
			return errRuleNegative
		}
		if m.Version == 2 && (p.ServiceName != "" || p.Host == "" || p.HTTPMethod == "" || p.URLPath == "") {
			return errV2RuleMissingMatcher
		}
		if m.Version == 1 && (p.Host != "" || p.ServiceName == "" || p.HTTPMethod == "" || p.URLPath == "") {
			return errV1RuleMissingMatcher
		}
	}
	return nil
}

// props returns r's Properties, creating empty ones for a rule that had no
// known key in the file.
func (r *Rule) props() *Properties {
	if r.Properties == nil {
		r.Properties = &Properties{}
	}
	return r.Properties
}

// init gives a validated rule its reservoir and random source.
func (r *Rule) init(clock utils.Clock, rnd randSource) {
	r.reservoir = newReservoir(r.FixedTarget, clock)
	r.rand = orRuntime(rnd)
}
