// Package ctxmissing decides what happens when the SDK needs a segment in a
// context that holds none: panic, log an error, or do nothing.
package ctxmissing

import "github.com/aws/aws-xray-sdk-go/internal/logger"

// Strategy reacts to a missing segment. v is the message describing what
// could not be done.
type Strategy interface {
	ContextMissing(v interface{})
}

// The values AWS_XRAY_CONTEXT_MISSING accepts (matched case-sensitively).
var (
	RuntimeErrorStrategy = "RUNTIME_ERROR"
	LogErrorStrategy     = "LOG_ERROR"
	IgnoreErrorStrategy  = "IGNORE_ERROR"
)

// DefaultRuntimeErrorStrategy panics with the message.
type DefaultRuntimeErrorStrategy struct{}

// DefaultLogErrorStrategy logs the message at ERROR level.
type DefaultLogErrorStrategy struct{}

// DefaultIgnoreErrorStrategy does nothing.
type DefaultIgnoreErrorStrategy struct{}

// NewDefaultRuntimeErrorStrategy returns the panicking strategy.
func NewDefaultRuntimeErrorStrategy() *DefaultRuntimeErrorStrategy {
	return &DefaultRuntimeErrorStrategy{}
}

// NewDefaultLogErrorStrategy returns the logging strategy (the default).
func NewDefaultLogErrorStrategy() *DefaultLogErrorStrategy {
	return &DefaultLogErrorStrategy{}
}

// NewDefaultIgnoreErrorStrategy returns the silent strategy.
func NewDefaultIgnoreErrorStrategy() *DefaultIgnoreErrorStrategy {
	return &DefaultIgnoreErrorStrategy{}
}

// ContextMissing panics with v.
func (dr *DefaultRuntimeErrorStrategy) ContextMissing(v interface{}) {
	panic(v)
}

// ContextMissing logs "Suppressing AWS X-Ray context missing panic: <v>".
func (dl *DefaultLogErrorStrategy) ContextMissing(v interface{}) {
	logger.Errorf("Suppressing AWS X-Ray context missing panic: %v", v)
}

// ContextMissing does nothing.
func (di *DefaultIgnoreErrorStrategy) ContextMissing(v interface{}) {}
