//go:build race

package xrayslog

// raceEnabled: the race detector makes sync.Pool drop items at random, so
// allocation counts of pooling handlers (slog.JSONHandler) are not exact.
const raceEnabled = true
