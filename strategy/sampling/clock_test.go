package sampling

import (
	"testing"
	"time"
)

func TestWallUnix(t *testing.T) {
	before := time.Now().Unix()
	got := wallUnix()
	if after := time.Now().Unix(); got < before || got > after {
		t.Fatalf("wallUnix() = %d, want within [%d, %d]", got, before, after)
	}

	// A fresh anchor is trusted: the monotonic clock advances from it.
	anchor.Store(&clockAnchor{at: time.Now(), unixNano: 42 * int64(time.Second)})
	if got := wallUnix(); got != 42 {
		t.Errorf("with a fresh anchor at second 42: %d", got)
	}
	// An anchor older than anchorTTL is renewed from the wall clock, so a
	// stepped wall clock shows within a second.
	anchor.Store(&clockAnchor{at: time.Now().Add(-anchorTTL), unixNano: 42 * int64(time.Second)})
	if got, now := wallUnix(), time.Now().Unix(); got < now-1 || got > now {
		t.Errorf("after the anchor expired: %d, want about %d", got, now)
	}
	if got := clockUnix(nil); got < before {
		t.Errorf("clockUnix(nil) = %d", got)
	}
}
