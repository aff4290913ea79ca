package xray

import (
	"context"
	"testing"

	"google.golang.org/grpc/metadata"
)

// grpcIncomingValue reads what metadata.ValueFromIncomingContext returns,
// without the copies.
func TestGRPCIncomingValueMatchesValueFromIncomingContext(t *testing.T) {
	if _, known := grpcMDKey(); !known {
		t.Fatal("the incoming metadata key of this grpc version was not recognised")
	}
	md := metadata.MD{
		":authority":      {"api:50051"},
		"x-amzn-trace-id": {"Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"},
		"Mixed-Case":      {"m"},
		"multi":           {"a", "b"},
		"empty":           {},
	}
	ctx := metadata.NewIncomingContext(context.Background(), md)
	for _, key := range []string{":authority", "x-amzn-trace-id", "mixed-case", "MIXED-CASE", "multi", "empty", "absent"} {
		want := ""
		if v := metadata.ValueFromIncomingContext(ctx, key); len(v) == 1 {
			want = v[0]
		}
		if got := grpcIncomingValue(ctx, key); got != want {
			t.Errorf("grpcIncomingValue(%q) = %q, want %q", key, got, want)
		}
	}
	if got := grpcIncomingValue(context.Background(), ":authority"); got != "" {
		t.Errorf("without metadata: %q", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = grpcIncomingValue(ctx, ":authority") }); n != 0 {
		t.Errorf("%v allocations per read", n)
	}
}
