package xray

import (
	"context"
	"strings"
	"sync"

	"google.golang.org/grpc/metadata"
)

// grpcIncomingValue returns the value of the incoming metadata key when it
// has exactly one value, else "". The key is matched as
// metadata.ValueFromIncomingContext matches it: exactly, else ignoring
// case.
//
// metadata.ValueFromIncomingContext copies the values it returns (an
// allocation per key, three per call). The values are only read here, so
// they are read in place when the incoming metadata can be reached
// without copying (grpcIncomingMD).
func grpcIncomingValue(ctx context.Context, key string) string {
	md, ok := grpcIncomingMD(ctx)
	if !ok {
		if v := metadata.ValueFromIncomingContext(ctx, key); len(v) == 1 {
			return v[0]
		}
		return ""
	}
	v, found := md[key]
	if !found {
		for k, vk := range md {
			if strings.EqualFold(k, key) {
				v = vk
				break
			}
		}
	}
	if len(v) == 1 {
		return v[0]
	}
	return ""
}

// grpcIncomingMD returns the incoming metadata stored in ctx itself, not a
// copy, for reading only. ok is false when there is none, or when this
// version of grpc keeps it in a way grpcMDKey did not recognise.
func grpcIncomingMD(ctx context.Context) (metadata.MD, bool) {
	key, known := grpcMDKey()
	if !known {
		return nil, false
	}
	md, ok := ctx.Value(key).(metadata.MD)
	return md, ok
}

// grpcMDKey returns the context key under which grpc stores incoming
// metadata (an unexported type of package metadata). It is learnt once,
// by handing metadata.ValueFromIncomingContext a context that records the
// key it is asked for, and used only after checking that a context made by
// metadata.NewIncomingContext holds the very metadata under that key as a
// metadata.MD. Otherwise known is false and the values are read through
// metadata.ValueFromIncomingContext.
var grpcMDKey = sync.OnceValues(func() (key interface{}, known bool) {
	probe := &keyProbe{Context: context.Background()}
	_ = metadata.ValueFromIncomingContext(probe, "x")
	if probe.key == nil {
		return nil, false
	}
	md, ok := metadata.NewIncomingContext(context.Background(), metadata.Pairs("k", "v")).Value(probe.key).(metadata.MD)
	if !ok || len(md) != 1 || len(md["k"]) != 1 || md["k"][0] != "v" {
		return nil, false
	}
	return probe.key, true
})

// keyProbe is a context that remembers the last key it was asked for.
type keyProbe struct {
	context.Context
	key interface{}
}

func (p *keyProbe) Value(key interface{}) interface{} {
	p.key = key
	return nil
}
