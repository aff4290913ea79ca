//go:build !race

package xrayslog

const raceEnabled = false
