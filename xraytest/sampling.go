package xraytest

import "github.com/aws/aws-xray-sdk-go/strategy/sampling"

// SampleAll returns a sampling strategy that samples every request. It
// never talks to a daemon and never allocates.
func SampleAll() sampling.Strategy { return sampleAll{} }

// SampleNone returns a sampling strategy that samples no request: nothing
// is recorded, which is how a test checks that unsampled work stays
// silent.
func SampleNone() sampling.Strategy { return sampleNone{} }

var (
	sampled    = sampling.Decision{Sample: true}
	notSampled = sampling.Decision{Sample: false}
)

type sampleAll struct{}

// ShouldTrace always samples. The decision is shared and read-only.
func (sampleAll) ShouldTrace(*sampling.Request) *sampling.Decision { return &sampled }

type sampleNone struct{}

// ShouldTrace never samples. The decision is shared and read-only.
func (sampleNone) ShouldTrace(*sampling.Request) *sampling.Decision { return &notSampled }
