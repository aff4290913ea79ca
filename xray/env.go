package xray

import (
	"os"
	"syscall"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
)

// Environment variables read by the core.
const (
	envSDKDisabled    = "AWS_XRAY_SDK_DISABLED"
	envNoopID         = "AWS_XRAY_NOOP_ID"
	envTracingName    = "AWS_XRAY_TRACING_NAME"
	envContextMissing = "AWS_XRAY_CONTEXT_MISSING"
)

// SdkDisabled reports whether AWS_XRAY_SDK_DISABLED is "true" (any case).
// The variable is read on every call, so it can be toggled at run time.
func SdkDisabled() bool {
	return asciiEqualFold(getenv(envSDKDisabled), "true")
}

// getenv reads an environment variable on the hot paths. It is
// os.Getenv without the test-log bookkeeping os.Getenv does under go test.
func getenv(key string) string {
	v, _ := syscall.Getenv(key)
	return v
}

// noopIDsDisabled reports whether AWS_XRAY_NOOP_ID is "false" (any case):
// unsampled entities then get random ids too.
func noopIDsDisabled() bool {
	return asciiEqualFold(getenv(envNoopID), "false")
}

// asciiEqualFold compares s with the lower-case ASCII word lower, ignoring
// the case of ASCII letters only (exactly what lower-casing s and comparing
// does for these words).
func asciiEqualFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// contextMissingFromEnv returns a fresh strategy for the value of
// AWS_XRAY_CONTEXT_MISSING, and whether the value was recognised. An
// unrecognised non-empty value is logged.
func contextMissingFromEnv() (ctxmissing.Strategy, bool) {
	v := os.Getenv(envContextMissing)
	switch v {
	case "":
		return nil, false
	case ctxmissing.RuntimeErrorStrategy:
		return ctxmissing.NewDefaultRuntimeErrorStrategy(), true
	case ctxmissing.LogErrorStrategy:
		return ctxmissing.NewDefaultLogErrorStrategy(), true
	case ctxmissing.IgnoreErrorStrategy:
		return ctxmissing.NewDefaultIgnoreErrorStrategy(), true
	}
	logger.Errorf("xray: unrecognised %s value %q (want %s, %s or %s); ignoring it",
		envContextMissing, v, ctxmissing.RuntimeErrorStrategy, ctxmissing.LogErrorStrategy, ctxmissing.IgnoreErrorStrategy)
	return nil, false
}
