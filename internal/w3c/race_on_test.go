//go:build race

package w3c

const raceEnabled = true
