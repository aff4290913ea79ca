package xraytest

import (
	"time"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// Option changes how NewRecorder, NewGlobalRecorder and NewDaemon set a
// recorder up.
type Option func(*options)

type options struct {
	config  xray.Config
	timeout time.Duration
}

// WithConfig starts from c instead of an empty configuration: its non-zero
// settings (sampling, streaming, exception formatting, context-missing
// strategy, service version) apply to the recorded segments. The emitter
// and the daemon address are always the recorder's own, and a nil sampling
// strategy still means SampleAll.
func WithConfig(c xray.Config) Option {
	return func(o *options) { o.config = c }
}

// WithTimeout sets how long Wait, WaitSegment and WaitSubsegment wait
// (DefaultTimeout otherwise).
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = d }
}

// build applies opts and returns the configuration to install, with em as
// its emitter.
func build(opts []Option, em xray.Emitter) (xray.Config, time.Duration) {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	c := o.config
	c.Emitter = em
	c.DaemonAddr = ""
	if c.SamplingStrategy == nil {
		c.SamplingStrategy = SampleAll()
	}
	return c, o.timeout
}
