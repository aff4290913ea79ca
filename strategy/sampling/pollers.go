package sampling

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-xray-sdk-go/daemoncfg"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/utils"
)

// ticker is a re-armable timer: C fires once per arming, Reset re-arms it
// after C fired. *utils.Timer is one.
type ticker interface {
	C() <-chan time.Time
	Reset()
}

// pollConfig holds the pollers' timings and the proxy client's retries.
type pollConfig struct {
	rulePeriod, ruleJitter     time.Duration
	targetPeriod, targetJitter time.Duration
	newTimer                   func(d, jitter time.Duration) ticker
	maxRetries                 int
	backoff                    time.Duration
	// onRefresh, when set, is told of every poller refresh ("rules",
	// "targets", "rules-out-of-band") and its result. Tests only.
	onRefresh func(kind string, err error)
}

func defaultPollConfig() *pollConfig {
	return &pollConfig{
		rulePeriod:   300 * time.Second,
		ruleJitter:   5 * time.Second,
		targetPeriod: 10*time.Second + 100*time.Millisecond,
		targetJitter: 100 * time.Millisecond,
		newTimer:     func(d, j time.Duration) ticker { return utils.NewTimer(d, j) },
		maxRetries:   3,
		backoff:      50 * time.Millisecond,
	}
}

// pollers runs a strategy's rule and target pollers and everything they
// start. All goroutines are counted in wg and end when ctx is cancelled.
type pollers struct {
	s      *CentralizedStrategy
	cfg    *pollConfig
	client *proxyClient
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex // guards start against stop
	closed bool

	refreshMu sync.Mutex  // one rule fetch at a time
	outOfBand atomic.Bool // an out-of-band rule fetch is running
}

func newPollers(s *CentralizedStrategy, cfg *pollConfig) *pollers {
	p := &pollers{s: s, cfg: cfg, client: newProxyClient(&s.endpoints, cfg.maxRetries, cfg.backoff)}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	return p
}

// start resolves the proxy address, if none was loaded, and starts the
// pollers, once; after stop it starts nothing.
func (p *pollers) start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.s.started.Load() {
		return
	}
	defer p.s.started.Store(true)
	if p.closed {
		return
	}
	if p.s.endpoints.Load() == nil {
		p.s.endpoints.CompareAndSwap(nil, resolveEndpoints())
	}
	logger.Infof("X-Ray proxy using address : %s", p.s.endpoints.Load().TCPAddr)
	p.wg.Add(2)
	go p.ruleLoop()
	go p.targetLoop()
}

// stop cancels every poller and waits for them.
func (p *pollers) stop() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cancel()
	p.wg.Wait()
	p.client.close()
}

// resolveEndpoints returns the daemon address from the environment or the
// default one. An invalid AWS_XRAY_DAEMON_ADDRESS is logged, not fatal.
func resolveEndpoints() *daemoncfg.DaemonEndpoints {
	ep, err := daemoncfg.GetDaemonEndpointsFromString("")
	if err != nil {
		logger.Errorf("xray: invalid AWS_XRAY_DAEMON_ADDRESS for the sampling proxy, using the default address: %v", err)
	}
	if ep == nil || ep.TCPAddr == nil {
		return daemoncfg.GetDefaultDaemonEndpoints()
	}
	return ep
}

func (p *pollers) ruleLoop() {
	defer p.wg.Done()
	err := p.refreshRules()
	if err != nil {
		logger.Debugf("Error occurred during initial sampling rules fetch: %v", err)
	} else {
		logger.Info("Successfully fetched sampling rules")
	}
	p.notify("rules", err)
	t := p.cfg.newTimer(p.cfg.rulePeriod, p.cfg.ruleJitter)
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-t.C():
		}
		if p.ctx.Err() != nil {
			return
		}
		err := p.refreshRules()
		if err != nil {
			logger.Debugf("Error occurred while refreshing sampling rules: %v", err)
		} else {
			logger.Debug("Refreshed sampling rules")
		}
		p.notify("rules", err)
		t.Reset()
	}
}

func (p *pollers) targetLoop() {
	defer p.wg.Done()
	t := p.cfg.newTimer(p.cfg.targetPeriod, p.cfg.targetJitter)
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-t.C():
		}
		if p.ctx.Err() != nil {
			return
		}
		err := p.refreshTargets()
		if err != nil {
			logger.Debugf("Error occurred while refreshing sampling targets: %v", err)
		}
		p.notify("targets", err)
		t.Reset()
	}
}

// refreshRules fetches the rules and publishes them. The fetch time is
// taken before the request.
func (p *pollers) refreshRules() (err error) {
	p.refreshMu.Lock()
	defer p.refreshMu.Unlock()
	defer recoverAs(&err, "rules")
	fetchedAt := clockUnix(p.s.clock)
	records, err := p.client.getSamplingRules(p.ctx)
	if err != nil {
		return err
	}
	return p.s.updateRules(records, fetchedAt)
}

// refreshRulesOutOfBand fetches the rules in the background, unless a fetch
// of that kind is already running or the pollers are stopping.
func (p *pollers) refreshRulesOutOfBand() {
	logger.Info("Refreshing sampling rules out-of-band.")
	if p.ctx.Err() != nil || !p.outOfBand.CompareAndSwap(false, true) {
		return
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer p.outOfBand.Store(false)
		err := p.refreshRules()
		if err != nil {
			logger.Debugf("Error occurred while refreshing sampling rules out-of-band: %v", err)
		}
		p.notify("rules-out-of-band", err)
	}()
}

// notify reports a refresh to the test hook, if any.
func (p *pollers) notify(kind string, err error) {
	if p.cfg.onRefresh != nil {
		p.cfg.onRefresh(kind, err)
	}
}

// recoverAs turns a panic of a refresh into its error. Deferred directly.
func recoverAs(err *error, what string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("xray: panic while refreshing sampling %s: %v", what, r)
	}
}
