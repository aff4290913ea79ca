package sampling

import "encoding/json"

// Wire shapes of the daemon's sampling proxy (the X-Ray API's
// GetSamplingRules and GetSamplingTargets, JSON protocol). Pointers tell a
// missing field from a zero one. Records and documents stay raw in the page
// so that one malformed entry fails alone.

type rulesRequest struct {
	NextToken string `json:"NextToken"`
}

type rulesPage struct {
	SamplingRuleRecords []json.RawMessage `json:"SamplingRuleRecords"`
	NextToken           *string           `json:"NextToken"`
}

type ruleRecord struct {
	SamplingRule *wireRule `json:"SamplingRule"`
}

type wireRule struct {
	RuleName      *string           `json:"RuleName"`
	RuleARN       *string           `json:"RuleARN"`
	ResourceARN   *string           `json:"ResourceARN"`
	Priority      *int64            `json:"Priority"`
	FixedRate     *float64          `json:"FixedRate"`
	ReservoirSize *int64            `json:"ReservoirSize"`
	ServiceName   *string           `json:"ServiceName"`
	ServiceType   *string           `json:"ServiceType"`
	Host          *string           `json:"Host"`
	HTTPMethod    *string           `json:"HTTPMethod"`
	URLPath       *string           `json:"URLPath"`
	Version       *int64            `json:"Version"`
	Attributes    map[string]string `json:"Attributes"`
}

// targetsRequest is the SamplingTargets body; the field order is the order
// the AWS SDK writes.
type targetsRequest struct {
	SamplingStatisticsDocuments []statisticsDocument `json:"SamplingStatisticsDocuments"`
}

type statisticsDocument struct {
	BorrowCount  int64   `json:"BorrowCount"`
	ClientID     string  `json:"ClientID"`
	RequestCount int64   `json:"RequestCount"`
	RuleName     string  `json:"RuleName"`
	SampledCount int64   `json:"SampledCount"`
	Timestamp    float64 `json:"Timestamp"` // Unix seconds, millisecond precision
}

type targetsResponse struct {
	SamplingTargetDocuments []json.RawMessage `json:"SamplingTargetDocuments"`
	LastRuleModification    *float64          `json:"LastRuleModification"`
	UnprocessedStatistics   []json.RawMessage `json:"UnprocessedStatistics"`
}

type targetDocument struct {
	RuleName          *string  `json:"RuleName"`
	FixedRate         *float64 `json:"FixedRate"`
	ReservoirQuota    *int64   `json:"ReservoirQuota"`
	ReservoirQuotaTTL *float64 `json:"ReservoirQuotaTTL"`
	Interval          *int64   `json:"Interval"`
}

type unprocessedStatistics struct {
	RuleName  *string `json:"RuleName"`
	ErrorCode *string `json:"ErrorCode"`
	Message   *string `json:"Message"`
}
