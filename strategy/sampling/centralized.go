package sampling

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync/atomic"

	"github.com/aws/aws-xray-sdk-go/daemoncfg"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/internal/plugins"
	"github.com/aws/aws-xray-sdk-go/utils"
)

// ruleSetTTL is how long fetched rules are used without a successful
// refresh, in seconds; after that decisions fall back to the local rules.
const ruleSetTTL = 3600

// CentralizedStrategy samples with rules and reservoir quotas fetched from
// the X-Ray service through the daemon's sampling proxy. Until rules have
// been fetched, and when the last successful fetch is older than an hour,
// it delegates to its local fallback strategy.
//
// Nothing happens at construction. The first ShouldTrace starts two pollers:
// one fetches the rules at once and then about every 5 minutes, the other
// reports statistics and fetches reservoir quotas about every 10 seconds.
// Close stops them.
//
// Decisions are safe from any number of goroutines, take no lock and
// allocate nothing; the Decisions returned are shared and read-only.
type CentralizedStrategy struct {
	manifest  atomic.Pointer[CentralizedManifest] // nil until the first fetch
	endpoints atomic.Pointer[daemoncfg.DaemonEndpoints]
	fallback  *LocalizedStrategy
	clientID  string
	clock     utils.Clock
	rand      randSource
	started   atomic.Bool // set once pollers run (or never will: closed)
	pollers   *pollers
}

// NewCentralizedStrategy returns a centralized strategy whose fallback uses
// the embedded default rules.
func NewCentralizedStrategy() (*CentralizedStrategy, error) {
	fb, err := NewLocalizedStrategy()
	if err != nil {
		return nil, err
	}
	return newCentralized(fb, nil, nil, nil)
}

// NewCentralizedStrategyWithJSONBytes returns a centralized strategy whose
// fallback uses the rule file content b (errors as ManifestFromJSONBytes).
func NewCentralizedStrategyWithJSONBytes(b []byte) (*CentralizedStrategy, error) {
	fb, err := NewLocalizedStrategyFromJSONBytes(b)
	if err != nil {
		return nil, err
	}
	return newCentralized(fb, nil, nil, nil)
}

// NewCentralizedStrategyWithFilePath returns a centralized strategy whose
// fallback uses the rule file at fp (errors as ManifestFromFilePath).
func NewCentralizedStrategyWithFilePath(fp string) (*CentralizedStrategy, error) {
	fb, err := NewLocalizedStrategyFromFilePath(fp)
	if err != nil {
		return nil, err
	}
	return newCentralized(fb, nil, nil, nil)
}

// newCentralized builds a strategy; nil clock, rand and config mean the
// system clock, the runtime's random source and the production timings.
func newCentralized(fallback *LocalizedStrategy, clock utils.Clock, rnd randSource, cfg *pollConfig) (*CentralizedStrategy, error) {
	id, err := newClientID()
	if err != nil {
		return nil, err
	}
	if cfg == nil {
		cfg = defaultPollConfig()
	}
	s := &CentralizedStrategy{
		fallback: fallback,
		clientID: id,
		clock:    clock,
		rand:     orRuntime(rnd),
	}
	s.pollers = newPollers(s, cfg)
	return s, nil
}

// newClientID returns 24 lower-case hex digits from 12 random bytes.
func newClientID() (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("xray: sampling client id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// LoadDaemonEndpoints sets the daemon address whose TCP endpoint serves the
// sampling proxy. Before the first decision it decides where the pollers
// will connect; later it re-targets the running pollers. Nil endpoints, or
// endpoints without a TCP address, are ignored.
func (ss *CentralizedStrategy) LoadDaemonEndpoints(endpoints *daemoncfg.DaemonEndpoints) {
	if endpoints == nil || endpoints.TCPAddr == nil {
		logger.Debug("Sampling: ignoring daemon endpoints without a TCP address")
		return
	}
	old := ss.endpoints.Swap(endpoints)
	if ss.started.Load() && (old == nil || old.TCPAddr.String() != endpoints.TCPAddr.String()) {
		logger.Infof("X-Ray proxy using address : %s", endpoints.TCPAddr)
	}
}

// Close stops the strategy's pollers and waits for them to return. Later
// decisions still use the rules fetched so far (until they are an hour old)
// and then the fallback, but no poller starts again. Close is idempotent and
// always returns nil.
func (ss *CentralizedStrategy) Close() error {
	if ss.pollers != nil {
		ss.pollers.stop()
	}
	return nil
}

// ShouldTrace decides whether the request is sampled. An empty ServiceType in
// the request is set to the plugin origin. Decisions made with fetched rules
// carry the deciding rule's name; fallback decisions carry none. The
// returned Decision is shared and read-only.
func (ss *CentralizedStrategy) ShouldTrace(request *Request) *Decision {
	if !ss.started.Load() {
		ss.start()
	}
	if request == nil {
		request = &Request{}
	}
	if request.ServiceType == "" {
		request.ServiceType = plugins.Get().Origin
	}
	now := clockUnix(ss.clock)
	m := ss.manifest.Load()
	if m == nil || m.expired(now) {
		if logger.DebugEnabled() {
			logger.Debug("Sampling rules from the X-Ray service are not available or expired; using local rules")
		}
		return ss.fallback.ShouldTrace(request)
	}
	var f folder
	host, path, method := f.lower(request.Host), f.lower(request.URL), f.lower(request.Method)
	service, serviceType := f.lower(request.ServiceName), f.lower(request.ServiceType)
	for _, r := range m.Rules {
		if r.appliesLowered(host, path, method, service, serviceType) {
			return ss.decided(r, now)
		}
	}
	if m.Default != nil {
		return ss.decided(m.Default, now)
	}
	return ss.fallback.ShouldTrace(request)
}

// start starts the pollers on the first decision. A hand-built zero
// CentralizedStrategy has none and only ever uses its (absent) fallback.
func (ss *CentralizedStrategy) start() {
	if ss.pollers == nil {
		ss.started.Store(true)
		return
	}
	ss.pollers.start()
}

// decided samples with rule r and logs the decision at DEBUG level.
func (ss *CentralizedStrategy) decided(r *CentralizedRule, now int64) *Decision {
	d := r.sample(now)
	if logger.DebugEnabled() {
		logger.Debugf("Sampling rule %s decided: sampled=%t", r.ruleName, d.Sample)
	}
	return d
}
