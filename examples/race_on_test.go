//go:build race

package examples_test

// raceEnabled: the test runs with the race detector, and so do the
// programs it builds.
const raceEnabled = true
