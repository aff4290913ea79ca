//go:build !race

package awsv2_test

// raceEnabled reports whether the race detector is on (it changes
// allocation counts).
const raceEnabled = false
