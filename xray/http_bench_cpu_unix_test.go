//go:build unix

package xray

import (
	"syscall"
	"time"
)

// processCPUTime is the CPU time (user + system) the process has used.
// Benchmarks report it per operation: unlike wall time it hardly depends on
// what else runs on the machine.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
