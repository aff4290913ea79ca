package sampling

// Strategy decides whether a request is sampled. Implementations are called
// from many goroutines at once. The returned Decision is never nil and is
// read-only: implementations may return shared values.
type Strategy interface {
	ShouldTrace(request *Request) *Decision
}

// Request describes what a sampling rule can match on. URL is a path. An
// empty field matches every rule pattern.
type Request struct {
	Host        string
	Method      string
	URL         string
	ServiceName string
	ServiceType string
}

// Decision is the outcome of a sampling decision. Rule names the centralized
// rule that decided, and is nil for local decisions.
//
// Decisions returned by the strategies of this package are shared between
// calls; do not modify them.
type Decision struct {
	Sample bool
	Rule   *string
}

// The two outcomes of every local rule. Shared, read-only.
var (
	localSampled    = Decision{Sample: true}
	localNotSampled = Decision{Sample: false}
)

// localDecision returns the shared local decision for sampled.
func localDecision(sampled bool) *Decision {
	if sampled {
		return &localSampled
	}
	return &localNotSampled
}
