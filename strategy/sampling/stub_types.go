// Package sampling decides which requests are traced.
//
// STUB: this file only fixes the types the core compiles against; the
// sampling work replaces it.
package sampling

// Strategy decides whether a request is sampled. Implementations are called
// from many goroutines at once.
type Strategy interface {
	ShouldTrace(request *Request) *Decision
}

// Request describes what a sampling rule can match on. URL is a path.
type Request struct {
	Host        string
	Method      string
	URL         string
	ServiceName string
	ServiceType string
}

// Decision is the outcome of a sampling decision. Rule names the centralized
// rule that decided, and is nil for local decisions.
type Decision struct {
	Sample bool
	Rule   *string
}

// LocalizedStrategy samples from local rules. STUB.
type LocalizedStrategy struct{}

// NewLocalizedStrategy returns a strategy with the default rules. STUB.
func NewLocalizedStrategy() (*LocalizedStrategy, error) { return &LocalizedStrategy{}, nil }

// ShouldTrace STUB: samples everything.
func (lss *LocalizedStrategy) ShouldTrace(rq *Request) *Decision { return &Decision{Sample: true} }

// CentralizedStrategy samples from rules fetched from the daemon. STUB.
type CentralizedStrategy struct{}

// NewCentralizedStrategy STUB.
func NewCentralizedStrategy() (*CentralizedStrategy, error) { return &CentralizedStrategy{}, nil }

// ShouldTrace STUB: samples everything.
func (ss *CentralizedStrategy) ShouldTrace(rq *Request) *Decision { return &Decision{Sample: true} }
