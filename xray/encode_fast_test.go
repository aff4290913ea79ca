package xray

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// The fast paths must write what the general ones write.

func checkEpochSeconds(t *testing.T, f float64) {
	t.Helper()
	got, ok := appendEpochSeconds(nil, f)
	want := strconv.AppendFloat(nil, f, 'f', -1, 64)
	if ok && string(got) != string(want) {
		t.Fatalf("appendEpochSeconds(%v (bits %#x)) = %s, want %s", f, math.Float64bits(f), got, want)
	}
	if !ok && len(got) != 0 {
		t.Fatalf("appendEpochSeconds(%v) wrote %q and gave up", f, got)
	}
}

func TestAppendEpochSecondsMatchesStrconv(t *testing.T) {
	n := 2_000_000
	if testing.Short() || raceEnabled {
		n = 100_000
	}
	r := rand.New(rand.NewPCG(1, 2))
	fast := 0
	for i := 0; i < n; i++ {
		var f float64
		switch i % 4 {
		case 0: // times as the SDK makes them
			f = float64(time.Now().UnixNano()+r.Int64N(1e17)-5e16) / 1e9
		case 1: // any float in the fast range
			f = math.Float64frombits(math.Float64bits(1<<30) + r.Uint64N(math.Float64bits(1<<33)-math.Float64bits(1<<30)))
		case 2: // whole and nearly whole seconds, round decimals
			f = float64(1<<30+r.Int64N(1<<33-1<<30)) + float64(r.IntN(1000))/1000
			f = math.Nextafter(f, f+float64(r.IntN(3)-1))
		default: // around the range's ends
			edge := []float64{1 << 30, 1 << 31, 1 << 32, 1 << 33}[r.IntN(4)]
			f = math.Float64frombits(math.Float64bits(edge) + uint64(r.IntN(2001)) - 1000)
		}
		checkEpochSeconds(t, f)
		if _, ok := appendEpochSeconds(nil, f); ok {
			fast++
		}
	}
	if fast < n/2 {
		t.Errorf("fast path taken %d times out of %d", fast, n)
	}
	for _, f := range []float64{0, -1, 1e9, 1705096131.2207565, 1705096131, 1<<33 - 1e-6, math.Inf(1), math.NaN(), 5e-7} {
		checkEpochSeconds(t, f)
	}
}

func BenchmarkAppendTime(b *testing.B) {
	now := time.Now().UnixNano()
	times := make([]float64, 1024)
	for i := range times {
		times[i] = float64(now+int64(i)*7919_123) / 1e9
	}
	buf := make([]byte, 0, 64)
	b.Run("fast", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			buf, _ = appendEpochSeconds(buf[:0], times[i%len(times)])
		}
	})
	b.Run("strconv", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			buf = appendFloat(buf[:0], times[i%len(times)], 64)
		}
	})
}

func FuzzEpochSeconds(f *testing.F) {
	for _, v := range []float64{1705096131.2207565, 1 << 30, 1<<33 - 1e-6, 2e9, 4294967295.999} {
		f.Add(math.Float64bits(v))
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		checkEpochSeconds(t, math.Float64frombits(bits))
		// Also the neighbourhood of the fast range.
		checkEpochSeconds(t, math.Float64frombits(math.Float64bits(1<<30)+bits%(math.Float64bits(1<<33)-math.Float64bits(1<<30))))
	})
}
