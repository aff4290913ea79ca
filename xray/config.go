package xray

import (
	"context"
	"net"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-xray-sdk-go/daemoncfg"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
	"github.com/aws/aws-xray-sdk-go/strategy/exception"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// Config holds the SDK's settings. Configure applies one to the whole
// process; ContextWithConfig attaches one to a context, where its non-nil
// fields override the process-wide ones for segments begun in it.
type Config struct {
	// DaemonAddr is the daemon address ("host:port" or
	// "tcp:host:port udp:host:port"). AWS_XRAY_DAEMON_ADDRESS wins over it.
	DaemonAddr                  string
	ServiceVersion              string
	Emitter                     Emitter
	SamplingStrategy            sampling.Strategy
	StreamingStrategy           StreamingStrategy
	ExceptionFormattingStrategy exception.FormattingStrategy
	ContextMissingStrategy      ctxmissing.Strategy

	// LogLevel and LogFormat are deprecated and have no effect; use
	// SetLogger.
	LogLevel  string
	LogFormat string
}

// globalState is one immutable version of the process-wide configuration.
// Configure publishes a new version; readers never lock.
type globalState struct {
	daemonAddr *net.UDPAddr
	// snapshot is the configuration every root segment begun without a
	// context config copies (DaemonAddr left empty). Never modified.
	snapshot *Config
}

var (
	globalPtr   atomic.Pointer[globalState]
	globalOnce  sync.Once
	configureMu sync.Mutex // serialises writers of globalPtr
)

// global returns the current process-wide configuration, building the
// initial one on first use (so that importing the package does no I/O).
func global() *globalState {
	if g := globalPtr.Load(); g != nil {
		return g
	}
	globalOnce.Do(initGlobal)
	return globalPtr.Load()
}

func initGlobal() {
	globalPtr.CompareAndSwap(nil, newGlobalState())
}

// newGlobalState builds the initial configuration from the environment. A
// bad AWS_XRAY_DAEMON_ADDRESS or AWS_XRAY_CONTEXT_MISSING is logged and the
// default used.
func newGlobalState() *globalState {
	addr := daemoncfg.GetDefaultDaemonEndpoints().UDPAddr
	if ep, err := daemoncfg.GetDaemonEndpointsFromEnv(); err != nil {
		logger.Errorf("xray: invalid AWS_XRAY_DAEMON_ADDRESS: %v; using the default address %v", err, addr)
	} else if ep != nil {
		addr = ep.UDPAddr
	}

	cfg := &Config{}
	if s, err := sampling.NewCentralizedStrategy(); err == nil && s != nil {
		cfg.SamplingStrategy = s
	} else {
		logger.Errorf("xray: centralized sampling unavailable: %v; using local sampling", err)
		ls, _ := sampling.NewLocalizedStrategy()
		cfg.SamplingStrategy = ls
	}
	if f, err := exception.NewDefaultFormattingStrategy(); err == nil {
		cfg.ExceptionFormattingStrategy = f
	}
	cfg.StreamingStrategy, _ = NewDefaultStreamingStrategy()
	cfg.Emitter = &DefaultEmitter{addr: addr}
	if s, ok := contextMissingFromEnv(); ok {
		cfg.ContextMissingStrategy = s
	} else {
		cfg.ContextMissingStrategy = ctxmissing.NewDefaultLogErrorStrategy()
	}
	return &globalState{daemonAddr: addr, snapshot: cfg}
}

// Configure changes the process-wide configuration. Non-zero fields of c
// replace the current settings; zero fields leave them alone. A daemon
// address (from AWS_XRAY_DAEMON_ADDRESS, else c.DaemonAddr) re-targets the
// emitter right away. Segments already begun keep the settings they began
// with. The returned error is the address parse error, if any; the other
// fields are applied regardless. Safe to call at any time.
func Configure(c Config) error {
	configureMu.Lock()
	defer configureMu.Unlock()

	old := global()
	next := *old.snapshot
	addr := old.daemonAddr

	if c.SamplingStrategy != nil {
		next.SamplingStrategy = c.SamplingStrategy
	}
	if c.Emitter != nil {
		next.Emitter = c.Emitter
	}
	ep, addrErr := daemoncfg.GetDaemonEndpointsFromString(c.DaemonAddr)
	if addrErr == nil && ep != nil {
		addr = ep.UDPAddr
		next.Emitter.RefreshEmitterWithAddress(ep.UDPAddr)
		loadDaemonEndpoints(next.SamplingStrategy, ep)
	}
	overlayConfig(&next, &c)
	globalPtr.Store(&globalState{daemonAddr: addr, snapshot: &next})

	if !sameValue(old.snapshot.SamplingStrategy, next.SamplingStrategy) {
		stopStrategy(old.snapshot.SamplingStrategy)
	}
	return addrErr
}

// ContextWithConfig returns a context whose segments use c's non-nil
// settings in place of the process-wide ones. c.DaemonAddr (or
// AWS_XRAY_DAEMON_ADDRESS) re-targets c.Emitter; without an Emitter, a
// shared default emitter for that address is used. The context is returned
// even when the address is invalid, together with the parse error.
func ContextWithConfig(ctx context.Context, c Config) (context.Context, error) {
	ep, err := daemoncfg.GetDaemonEndpointsFromString(c.DaemonAddr)
	if err == nil && ep != nil {
		if c.Emitter != nil {
			c.Emitter.RefreshEmitterWithAddress(ep.UDPAddr)
		} else if c.DaemonAddr != "" {
			c.Emitter = sharedEmitterFor(ep.UDPAddr)
		}
		loadDaemonEndpoints(c.SamplingStrategy, ep)
	}
	if s, ok := contextMissingFromEnv(); ok {
		c.ContextMissingStrategy = s
	}
	return context.WithValue(orBackground(ctx), RecorderContextKey{}, &c), err
}

// GetRecorder returns the Config stored in ctx by ContextWithConfig (or by
// the fasthttp integration), or nil.
func GetRecorder(ctx context.Context) *Config {
	if ctx == nil {
		return nil
	}
	if c, ok := ctx.Value(RecorderContextKey{}).(*Config); ok {
		return c
	}
	if c, ok := ctx.Value(fasthttpRecorderKey).(*Config); ok {
		return c
	}
	return nil
}

// SetLogger installs the logger every package of the SDK logs through.
// Safe to call at any time.
func SetLogger(l xraylog.Logger) {
	logger.Inject(l)
}

// mergeEntry caches the snapshot merged from one context config and one
// global version, so that segments begun under the same context config do
// not allocate a Config each.
type mergeEntry struct {
	local  *Config
	global *globalState
	merged *Config
}

var lastMerge atomic.Pointer[mergeEntry]

// configFor returns the configuration snapshot for a root segment begun in
// ctx: the context config's non-nil settings over the global ones.
func configFor(ctx context.Context) *Config {
	g := global()
	local := GetRecorder(ctx)
	if local == nil {
		return g.snapshot
	}
	if e := lastMerge.Load(); e != nil && e.local == local && e.global == g {
		return e.merged
	}
	m := *g.snapshot
	if local.ContextMissingStrategy != nil {
		m.ContextMissingStrategy = local.ContextMissingStrategy
	}
	if local.ExceptionFormattingStrategy != nil {
		m.ExceptionFormattingStrategy = local.ExceptionFormattingStrategy
	}
	if local.SamplingStrategy != nil {
		m.SamplingStrategy = local.SamplingStrategy
	}
	if local.StreamingStrategy != nil {
		m.StreamingStrategy = local.StreamingStrategy
	}
	if local.Emitter != nil {
		m.Emitter = local.Emitter
	}
	if local.ServiceVersion != "" {
		m.ServiceVersion = local.ServiceVersion
	}
	lastMerge.Store(&mergeEntry{local: local, global: g, merged: &m})
	return &m
}

// contextMissing hands msg to the context config's context-missing strategy,
// or the global one.
func contextMissing(ctx context.Context, msg string) {
	if local := GetRecorder(ctx); local != nil && local.ContextMissingStrategy != nil {
		local.ContextMissingStrategy.ContextMissing(msg)
		return
	}
	if s := global().snapshot.ContextMissingStrategy; s != nil {
		s.ContextMissing(msg)
		return
	}
	ctxmissing.NewDefaultLogErrorStrategy().ContextMissing(msg)
}

// loadDaemonEndpoints points a sampling strategy that talks to the daemon at
// the new endpoints.
func loadDaemonEndpoints(s sampling.Strategy, ep *daemoncfg.DaemonEndpoints) {
	if l, ok := s.(interface {
		LoadDaemonEndpoints(*daemoncfg.DaemonEndpoints)
	}); ok {
		l.LoadDaemonEndpoints(ep)
	}
}

// stopStrategy stops the background work of a sampling strategy that was
// replaced, when it offers a way to.
func stopStrategy(s sampling.Strategy) {
	switch x := s.(type) {
	case interface{ Stop() }:
		x.Stop()
	case interface{ Close() }:
		x.Close()
	case interface{ Close() error }:
		_ = x.Close()
	}
}

// sameValue compares two interface values without panicking on
// uncomparable dynamic types (those compare as different).
func sameValue(a, b interface{}) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

// sharedEmitters holds one default emitter per daemon address requested
// through ContextWithConfig, so repeated calls share one socket.
var sharedEmitters sync.Map // string -> *DefaultEmitter

func sharedEmitterFor(addr *net.UDPAddr) *DefaultEmitter {
	key := addr.String()
	if e, ok := sharedEmitters.Load(key); ok {
		return e.(*DefaultEmitter)
	}
	e, _ := sharedEmitters.LoadOrStore(key, &DefaultEmitter{addr: addr})
	return e.(*DefaultEmitter)
}

// overlayConfig copies into next the settings of c that Configure applies
// beyond the sampling strategy, emitter and daemon address: every non-empty
// field, with AWS_XRAY_CONTEXT_MISSING winning over c's strategy.
func overlayConfig(next, c *Config) {
	if c.ExceptionFormattingStrategy != nil {
		next.ExceptionFormattingStrategy = c.ExceptionFormattingStrategy
	}
	if c.StreamingStrategy != nil {
		next.StreamingStrategy = c.StreamingStrategy
	}
	if s, ok := contextMissingFromEnv(); ok {
		next.ContextMissingStrategy = s
	} else if c.ContextMissingStrategy != nil {
		next.ContextMissingStrategy = c.ContextMissingStrategy
	}
	if c.ServiceVersion != "" {
		next.ServiceVersion = c.ServiceVersion
	}
	if c.LogLevel != "" {
		next.LogLevel = c.LogLevel
	}
	if c.LogFormat != "" {
		next.LogFormat = c.LogFormat
	}
}
