//go:build race

package xray

const raceEnabled = true
