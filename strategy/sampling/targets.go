package sampling

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// errTargetsPartiallyFailed reports statistics the service could not process.
var errTargetsPartiallyFailed = errors.New("error occurred updating sampling targets")

// refreshTargets reports the statistics of every rule due for a report and
// applies the targets the service returns. It asks for an out-of-band rule
// fetch when the service says the rules changed.
func (p *pollers) refreshTargets() (err error) {
	defer recoverAs(&err, "targets")
	ss := p.s
	m := ss.manifest.Load()
	if m == nil {
		return nil
	}
	t := clockNow(ss.clock)
	now := t.Unix()
	docs := ss.collectStatistics(m, now, float64(t.UnixMilli())/1000)
	if len(docs) == 0 {
		return nil
	}
	resp, err := p.client.getSamplingTargets(p.ctx, docs)
	if err != nil {
		return err
	}
	refresh, err := ss.applyTargets(resp, now)
	if refresh {
		p.refreshRulesOutOfBand()
	}
	return err
}

// collectStatistics snapshots, and resets, the counters of every rule with
// requests whose reporting interval has passed: custom rules in order, then
// Default.
func (ss *CentralizedStrategy) collectStatistics(m *CentralizedManifest, now int64, timestamp float64) []statisticsDocument {
	var docs []statisticsDocument
	add := func(r *CentralizedRule) {
		if r == nil || !r.state.stale(now) {
			return
		}
		st := r.state.snapshot()
		docs = append(docs, statisticsDocument{
			BorrowCount:  st.borrows,
			ClientID:     ss.clientID,
			RequestCount: st.requests,
			RuleName:     r.ruleName,
			SampledCount: st.sampled,
			Timestamp:    timestamp,
		})
	}
	for _, r := range m.Rules {
		add(r)
	}
	add(m.Default)
	return docs
}

// applyTargets stores the targets of the response in the rules of the
// current snapshot and reports whether the rules must be fetched again.
// Invalid target documents are skipped; their errors are returned joined.
func (ss *CentralizedStrategy) applyTargets(resp *targetsResponse, now int64) (refresh bool, err error) {
	m := ss.manifest.Load()
	var errs []error
	for _, raw := range resp.SamplingTargetDocuments {
		if err := applyTarget(m, raw, now); err != nil {
			logger.Debugf("Sampling: %v", err)
			errs = append(errs, err)
		}
	}
	for _, raw := range resp.UnprocessedStatistics {
		var u unprocessedStatistics
		if err := json.Unmarshal(raw, &u); err != nil {
			errs = append(errs, fmt.Errorf("xray: invalid unprocessed statistics entry: %w", err))
			continue
		}
		if u.RuleName == nil || u.ErrorCode == nil {
			continue
		}
		logger.Debugf("Sampling: statistics for rule %q not processed: %s %s", *u.RuleName, *u.ErrorCode, deref(u.Message))
		switch {
		case strings.HasPrefix(*u.ErrorCode, "5"):
			errs = append(errs, errTargetsPartiallyFailed)
		case strings.HasPrefix(*u.ErrorCode, "4"):
			refresh = true
		}
	}
	if lrm := resp.LastRuleModification; lrm != nil && clampInt64(*lrm) >= m.refreshedAt {
		refresh = true
	}
	return refresh, errors.Join(errs...)
}

// applyTarget stores one target document in its rule.
func applyTarget(m *CentralizedManifest, raw json.RawMessage, now int64) error {
	var doc targetDocument
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("xray: invalid sampling target: %w", err)
	}
	if doc.RuleName == nil {
		return errors.New("invalid sampling target. Missing rule name")
	}
	name := *doc.RuleName
	if doc.FixedRate == nil {
		return fmt.Errorf("invalid sampling target for rule %s. Missing fixed rate", name)
	}
	r, ok := m.Index[name]
	if !ok {
		return fmt.Errorf("rule %s not found", name)
	}
	st := r.state
	res := st.reservoir
	res.refreshedAt.Store(now)
	st.setRate(*doc.FixedRate)
	if doc.ReservoirQuota != nil {
		res.quota.Store(*doc.ReservoirQuota)
	}
	if doc.ReservoirQuotaTTL != nil {
		res.expiresAt.Store(clampInt64(*doc.ReservoirQuotaTTL))
	}
	if doc.Interval != nil {
		res.interval.Store(*doc.Interval)
	}
	return nil
}
