package xray

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
)

func TestConfigureServiceVersionAndSnapshot(t *testing.T) {
	keepGlobalConfig(t)
	rec := &testRecorder{notify: make(chan struct{}, 1)}
	if err := Configure(Config{Emitter: rec, SamplingStrategy: sampleAll{}}); err != nil {
		t.Fatal(err)
	}
	_, before := BeginSegment(context.Background(), "before")
	if err := Configure(Config{ServiceVersion: "2.3.0"}); err != nil {
		t.Fatal(err)
	}
	_, after := BeginSegment(context.Background(), "after")
	_, again := BeginSegment(context.Background(), "again")
	if after.Configuration == again.Configuration {
		t.Error("two roots share one *Config; each must get its own copy")
	}
	if after.Configuration.ServiceVersion != "2.3.0" || again.Configuration.ServiceVersion != "2.3.0" {
		t.Errorf("snapshots %+v %+v", after.Configuration, again.Configuration)
	}
	before.Close(nil)
	after.Close(nil)
	again.Close(nil)
	docs := rec.Recv(t, 3)
	if v := obj(t, docs[0], "service")["version"]; v != nil {
		t.Errorf("Configure changed a segment begun before it: %v", v)
	}
	if v := obj(t, docs[1], "service")["version"]; v != "2.3.0" {
		t.Errorf("service.version %v", v)
	}
}

func TestConfigureDaemonAddress(t *testing.T) {
	keepGlobalConfig(t)
	d := newTestDaemon(t)
	em, _ := NewDefaultEmitter(nil)
	t.Cleanup(em.close)
	if err := Configure(Config{Emitter: em, DaemonAddr: d.Addr().String(), SamplingStrategy: sampleAll{}}); err != nil {
		t.Fatal(err)
	}
	_, seg := BeginSegment(context.Background(), "configured")
	seg.Close(nil)
	if doc := d.Recv(t, 1)[0]; doc["name"] != "configured" {
		t.Errorf("doc %v", doc)
	}
	if g := global(); g.daemonAddr.String() != d.Addr().String() {
		t.Errorf("daemonAddr %v", g.daemonAddr)
	}

	err := Configure(Config{DaemonAddr: "nonsense", ServiceVersion: "applied"})
	if err == nil || err.Error() != "invalid daemon address: nonsense" {
		t.Errorf("err %v", err)
	}
	if global().snapshot.ServiceVersion != "applied" {
		t.Error("other fields not applied after an address error")
	}

	// The environment variable wins over the configured address.
	d2 := newTestDaemon(t)
	t.Setenv("AWS_XRAY_DAEMON_ADDRESS", d2.Addr().String())
	if err := Configure(Config{DaemonAddr: "nonsense"}); err != nil {
		t.Fatal(err)
	}
	_, seg = BeginSegment(context.Background(), "env")
	seg.Close(nil)
	if doc := d2.Recv(t, 1)[0]; doc["name"] != "env" {
		t.Errorf("doc %v", doc)
	}
}

// stoppable records whether Stop was called.
type stoppable struct {
	sampleAll
	stopped atomic.Bool
}

func (s *stoppable) Stop() { s.stopped.Store(true) }

func TestConfigureStopsReplacedSamplingStrategy(t *testing.T) {
	keepGlobalConfig(t)
	first, second := &stoppable{}, &stoppable{}
	_ = Configure(Config{SamplingStrategy: first})
	_ = Configure(Config{SamplingStrategy: first})
	if first.stopped.Load() {
		t.Fatal("strategy stopped although it stays installed")
	}
	_ = Configure(Config{SamplingStrategy: second})
	if !first.stopped.Load() || second.stopped.Load() {
		t.Errorf("stopped: first %v second %v", first.stopped.Load(), second.stopped.Load())
	}
}

func TestContextWithConfig(t *testing.T) {
	d := newTestDaemon(t)
	// DaemonAddr is honoured without an Emitter.
	ctx, err := ContextWithConfig(context.Background(), Config{DaemonAddr: d.Addr().String(), SamplingStrategy: sampleAll{}, ServiceVersion: "ctx"})
	if err != nil {
		t.Fatal(err)
	}
	rc := GetRecorder(ctx)
	if rc == nil || rc.DaemonAddr != d.Addr().String() || rc.Emitter == nil {
		t.Fatalf("recorder %+v", rc)
	}
	t.Cleanup(rc.Emitter.(*DefaultEmitter).close)
	_, seg := BeginSegment(ctx, "ctx")
	seg.Close(nil)
	if doc := d.Recv(t, 1)[0]; obj(t, doc, "service")["version"] != "ctx" {
		t.Errorf("doc %v", doc)
	}

	ctx, err = ContextWithConfig(context.Background(), Config{DaemonAddr: "127.0.0.1"})
	if ctx == nil || GetRecorder(ctx) == nil || err == nil || err.Error() != "invalid daemon address: 127.0.0.1" {
		t.Errorf("ctx %v err %v", ctx, err)
	}
}

func TestContextMissingFromEnv(t *testing.T) {
	keepGlobalConfig(t)
	logs := captureLogs(t)
	t.Setenv("AWS_XRAY_CONTEXT_MISSING", "RUNTIME_ERROR")
	ctx, _ := ContextWithConfig(context.Background(), Config{ContextMissingStrategy: ctxmissing.NewDefaultIgnoreErrorStrategy()})
	if _, ok := GetRecorder(ctx).ContextMissingStrategy.(*ctxmissing.DefaultRuntimeErrorStrategy); !ok {
		t.Errorf("env did not win: %T", GetRecorder(ctx).ContextMissingStrategy)
	}
	_ = Configure(Config{ContextMissingStrategy: ctxmissing.NewDefaultIgnoreErrorStrategy()})
	if _, ok := global().snapshot.ContextMissingStrategy.(*ctxmissing.DefaultRuntimeErrorStrategy); !ok {
		t.Errorf("Configure: env did not win: %T", global().snapshot.ContextMissingStrategy)
	}

	t.Setenv("AWS_XRAY_CONTEXT_MISSING", "log_error")
	_ = Configure(Config{ContextMissingStrategy: ctxmissing.NewDefaultIgnoreErrorStrategy()})
	if _, ok := global().snapshot.ContextMissingStrategy.(*ctxmissing.DefaultIgnoreErrorStrategy); !ok {
		t.Errorf("unrecognised value not treated as unset: %T", global().snapshot.ContextMissingStrategy)
	}
	if !logs.Has(`ERROR xray: unrecognised AWS_XRAY_CONTEXT_MISSING value "log_error"`) {
		t.Errorf("logs %v", logs.Lines())
	}
}

func TestInitialConfigurationFromEnvironment(t *testing.T) {
	logs := captureLogs(t)
	t.Setenv("AWS_XRAY_DAEMON_ADDRESS", "not-an-address")
	t.Setenv("AWS_XRAY_CONTEXT_MISSING", "bogus")
	g := newGlobalState()
	if g.daemonAddr.String() != "127.0.0.1:2000" {
		t.Errorf("daemon address %v", g.daemonAddr)
	}
	if _, ok := g.snapshot.ContextMissingStrategy.(*ctxmissing.DefaultLogErrorStrategy); !ok {
		t.Errorf("context missing %T", g.snapshot.ContextMissingStrategy)
	}
	if !logs.Has("ERROR xray: invalid AWS_XRAY_DAEMON_ADDRESS") {
		t.Errorf("logs %v", logs.Lines())
	}
	for name, v := range map[string]interface{}{"emitter": g.snapshot.Emitter, "sampling": g.snapshot.SamplingStrategy,
		"streaming": g.snapshot.StreamingStrategy, "exceptions": g.snapshot.ExceptionFormattingStrategy} {
		if v == nil {
			t.Errorf("%s missing", name)
		}
	}
	if _, ok := g.snapshot.SamplingStrategy.(*sampling.CentralizedStrategy); !ok {
		t.Errorf("sampling %T", g.snapshot.SamplingStrategy)
	}
	stopStrategy(g.snapshot.SamplingStrategy)

	t.Setenv("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:3000")
	t.Setenv("AWS_XRAY_CONTEXT_MISSING", "IGNORE_ERROR")
	g = newGlobalState()
	if g.daemonAddr.String() != "127.0.0.1:3000" || g.snapshot.Emitter.(*DefaultEmitter).addr.Port != 3000 {
		t.Errorf("daemon address %v", g.daemonAddr)
	}
	if _, ok := g.snapshot.ContextMissingStrategy.(*ctxmissing.DefaultIgnoreErrorStrategy); !ok {
		t.Errorf("context missing %T", g.snapshot.ContextMissingStrategy)
	}
	stopStrategy(g.snapshot.SamplingStrategy)
}

func TestConfigureConcurrentSafe(t *testing.T) {
	keepGlobalConfig(t)
	captureLogs(t) // restores the logger replaced below
	rec := &testRecorder{notify: make(chan struct{}, 1)}
	_ = Configure(Config{Emitter: rec, SamplingStrategy: sampleAll{}})
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				_ = Configure(Config{ServiceVersion: "v"})
				SetLogger(logsDiscard{})
			}
		}()
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				ctx, seg := BeginSegment(context.Background(), "s")
				_ = Capture(ctx, "c", func(context.Context) error { return nil })
				seg.Close(nil)
			}
		}()
	}
	wg.Wait()
	rec.Recv(t, 800)
}

func TestSnapshotCopyDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	ctx, _ := ContextWithConfig(context.Background(), Config{Emitter: &testRecorder{notify: make(chan struct{}, 1)}, SamplingStrategy: sampleNone{}})
	_, first := BeginSegment(ctx, "warm")
	allocs := testing.AllocsPerRun(100, func() {
		_, seg := BeginSegment(ctx, "x")
		if seg.Configuration == first.Configuration || *seg.Configuration != *first.Configuration {
			t.Fatal("snapshot not copied into the root")
		}
		seg.Close(nil)
	})
	if allocs > 1 {
		t.Errorf("unsampled BeginSegment+Close: %v allocations, want 1 (the copy lives in the root's allocation)", allocs)
	}
}
