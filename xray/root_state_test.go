package xray

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
)

// ruleSampler samples everything by the centralized rule named rule.
type ruleSampler struct{ rule string }

func (s ruleSampler) ShouldTrace(*sampling.Request) *sampling.Decision {
	r := s.rule
	return &sampling.Decision{Sample: true, Rule: &r}
}

// marshalEmitter is what user code often writes: an Emitter that encodes
// the segment with encoding/json.
type marshalEmitter struct {
	mu   sync.Mutex
	docs [][]byte
}

func (m *marshalEmitter) Emit(seg *Segment) {
	b, err := json.Marshal(seg)
	if err != nil {
		panic(err)
	}
	m.mu.Lock()
	m.docs = append(m.docs, b)
	m.mu.Unlock()
}

func (m *marshalEmitter) RefreshEmitterWithAddress(*net.UDPAddr) {}

// A sampled root carries aws.xray in its AWS map from the start, as
// upstream's do: code that reads the map, and emitters that marshal the
// segment themselves, see the SDK block and the sampling rule name.
func TestSampledRootHasAWSXRayInMemory(t *testing.T) {
	for _, c := range []struct {
		name     string
		strategy sampling.Strategy
		want     SDK
	}{
		{"no rule", sampleAll{}, SDK{Version: SDKVersion, Type: SDKType}},
		{"centralized rule", ruleSampler{"checkout"}, SDK{Version: SDKVersion, Type: SDKType, RuleName: "checkout"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			em := &marshalEmitter{}
			ctx, err := ContextWithConfig(context.Background(), Config{Emitter: em, SamplingStrategy: c.strategy})
			if err != nil {
				t.Fatal(err)
			}
			_, seg := BeginSegment(ctx, "orders")
			if got, ok := seg.AWS["xray"].(SDK); !ok || got != c.want {
				t.Fatalf("AWS[xray] = %#v, want %#v", seg.AWS["xray"], c.want)
			}
			seg.Close(nil)
			if len(em.docs) != 1 {
				t.Fatalf("%d documents", len(em.docs))
			}
			var doc map[string]interface{}
			if err := json.Unmarshal(em.docs[0], &doc); err != nil {
				t.Fatal(err)
			}
			x := obj(t, obj(t, doc, "aws"), "xray")
			if x["sdk_version"] != SDKVersion || x["sdk"] != SDKType || (c.want.RuleName != "" && x["sampling_rule_name"] != c.want.RuleName) {
				t.Errorf("aws.xray %v", x)
			}
			// The SDK's own encoding of the same segment is what
			// encoding/json writes, without the Dummy key.
			seg.Lock()
			own := encodeEntity(seg)
			seg.Unlock()
			if want := bytes.Replace(em.docs[0], []byte(`,"Dummy":false`), nil, 1); !bytes.Equal(own, want) {
				t.Errorf("encoder %s\njson    %s", own, want)
			}
		})
	}
}

// Each root gets its own Config: changing one root's Configuration (as
// upstream allows, under the segment's lock) changes that root only, and
// races with nobody.
func TestRootConfigurationIsItsOwn(t *testing.T) {
	keepGlobalConfig(t)
	rec := &testRecorder{notify: make(chan struct{}, 1)}
	if err := Configure(Config{Emitter: rec, SamplingStrategy: sampleAll{}}); err != nil {
		t.Fatal(err)
	}
	local, err := ContextWithConfig(context.Background(), Config{Emitter: rec, SamplingStrategy: sampleAll{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []context.Context{context.Background(), local} {
		_, r1 := BeginSegment(base, "r1")
		_, r2 := BeginSegment(base, "r2")
		if r1.Configuration == r2.Configuration || r1.Configuration == global().snapshot {
			t.Fatal("roots share a *Config")
		}
		noFrames, err := exception.NewDefaultFormattingStrategyWithDefinedErrorFrameCount(0)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // begins racing with the change below
			defer wg.Done()
			for i := 0; i < 50; i++ {
				_, s := BeginSegment(base, "other")
				s.Close(nil)
			}
		}()
		r1.Lock()
		r1.GetConfiguration().ExceptionFormattingStrategy = noFrames
		r1.GetConfiguration().ServiceVersion = "changed"
		r1.Unlock()
		wg.Wait()
		rec.Recv(t, 50)

		_ = r1.AddError(errors.New("boom"))
		_ = r2.AddError(errors.New("boom"))
		r1.Close(nil)
		r2.Close(nil)
		docs := rec.Recv(t, 2)
		frames := func(doc map[string]interface{}) int {
			ex := obj(t, doc, "cause")["exceptions"].([]interface{})[0].(map[string]interface{})
			st, _ := ex["stack"].([]interface{})
			if len(st) == 1 && len(st[0].(map[string]interface{})) == 0 {
				return 0 // "stack":[{}]
			}
			return len(st)
		}
		if n := frames(docs[0]); n != 0 {
			t.Errorf("r1: %d frames, want none (its own formatter)", n)
		}
		if n := frames(docs[1]); n == 0 {
			t.Error("r2 got r1's formatter")
		}
		_, r3 := BeginSegment(base, "r3")
		if r3.Configuration.ServiceVersion == "changed" {
			t.Error("a later root got r1's change")
		}
		r3.Close(nil)
		rec.Recv(t, 1)
	}
}
