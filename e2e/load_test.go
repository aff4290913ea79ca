package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/xray"
)

const (
	loadGoroutines  = 8
	loadFullPerG    = 50_000
	loadShortPerG   = 500
	loadSubsegments = 5
	loadWarmUp      = 2_000
	// loadHeapSlack is how much the live heap may grow over the run
	// (pools, the emitter's buffers) before it counts as a leak.
	loadHeapSlack = 4 << 20
)

// TestLoad pushes segments with 5 subsegments each from 8 goroutines
// through the default emitter to a UDP listener in a helper process. Every
// datagram must decode and fit into 65,507 bytes, every segment must
// arrive, and after the run the goroutine count and the live heap must be
// back where they started. It prints segments/s and allocations per
// segment. Short by default (8 × 500); -load.full or XRAY_E2E_LOAD_FULL=1
// runs 8 × 50,000.
func TestLoad(t *testing.T) {
	perG := loadShortPerG
	if *loadFull || os.Getenv("XRAY_E2E_LOAD_FULL") == "1" {
		perG = loadFullPerG
	}
	expectNoSDKProblems(t)
	t.Setenv("AWS_XRAY_DAEMON_ADDRESS", "")
	sink := startSink(t)
	if err := xray.Configure(xray.Config{DaemonAddr: sink.addr, SamplingStrategy: sampleAll()}); err != nil {
		t.Fatal(err)
	}

	emitSegments(loadGoroutines, loadWarmUp/loadGoroutines) // pools and buffers
	goroutinesBefore, before := settledStats()

	start := time.Now()
	emitSegments(loadGoroutines, perG)
	elapsed := time.Since(start)
	var afterRun runtime.MemStats
	runtime.ReadMemStats(&afterRun)

	sent := int64(loadGoroutines*perG + loadWarmUp)
	st := sink.finish(t, sent)
	goroutinesAfter, after := settledStats()

	segments := float64(loadGoroutines * perG)
	allocs := float64(afterRun.Mallocs-before.Mallocs) / segments
	bytesPer := float64(afterRun.TotalAlloc-before.TotalAlloc) / segments
	report := fmt.Sprintf("load: %d goroutines × %d segments × %d subsegments in %s: %.0f segments/s, %.1f allocs/segment, %.0f B/segment; "+
		"%d datagrams (max %d B, %d over 65,507), %d decode errors, %d/%d segments and %d/%d subsegments received, %d kernel drops (system-wide); "+
		"goroutines %d → %d; heap %.2f MiB → %.2f MiB",
		loadGoroutines, perG, loadSubsegments, elapsed.Round(time.Millisecond), segments/elapsed.Seconds(), allocs, bytesPer,
		st.Datagrams, st.MaxSize, st.Oversize, st.DecodeErrors, st.Segments, sent, st.Subsegments, sent*loadSubsegments, st.KernelDrops,
		goroutinesBefore, goroutinesAfter, mib(before.HeapAlloc), mib(after.HeapAlloc))
	t.Log(report)

	if st.DecodeErrors != 0 {
		t.Errorf("%d datagrams did not decode; first: %s", st.DecodeErrors, st.FirstError)
	}
	if st.Oversize != 0 || st.MaxSize > maxDatagram {
		t.Errorf("%d datagrams over %d bytes (largest %d)", st.Oversize, maxDatagram, st.MaxSize)
	}
	if st.Segments != sent || st.Subsegments != sent*loadSubsegments {
		t.Errorf("received %d of %d segments and %d of %d subsegments (kernel drops: %d)",
			st.Segments, sent, st.Subsegments, sent*loadSubsegments, st.KernelDrops)
	}
	if goroutinesAfter > goroutinesBefore {
		t.Errorf("goroutines grew from %d to %d:\n%s", goroutinesBefore, goroutinesAfter, goroutineDump())
	}
	if after.HeapAlloc > before.HeapAlloc+loadHeapSlack {
		t.Errorf("live heap grew from %.2f MiB to %.2f MiB", mib(before.HeapAlloc), mib(after.HeapAlloc))
	}
}

// emitSegments runs goroutines goroutines that each send perG segments
// with loadSubsegments closed subsegments.
func emitSegments(goroutines, perG int) {
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perG; i++ {
				ctx, seg := xray.BeginSegment(context.Background(), "e2e-load")
				for s := 0; s < loadSubsegments; s++ {
					_, sub := xray.BeginSubsegment(ctx, subsegmentNames[s])
					sub.Close(nil)
				}
				seg.Close(nil)
			}
		}()
	}
	wg.Wait()
}

var subsegmentNames = [loadSubsegments]string{"parse", "authorize", "load", "compute", "store"}

// settledStats collects garbage until the heap stops shrinking and returns
// the goroutine count and memory statistics.
func settledStats() (int, runtime.MemStats) {
	var ms runtime.MemStats
	prev := ^uint64(0)
	for i := 0; i < 5; i++ {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc >= prev {
			break
		}
		prev = ms.HeapAlloc
	}
	return runtime.NumGoroutine(), ms
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

func goroutineDump() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

// sinkProc is the running UDP listener process.
type sinkProc struct {
	addr  string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
}

// startSink starts the test binary again as the UDP listener and reads
// the port it listens on.
func startSink(t *testing.T) *sinkProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), sinkRoleEnv+"="+sinkRole)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &sinkProc{cmd: cmd, stdin: stdin, out: bufio.NewReader(stdout)}
	t.Cleanup(func() {
		_ = s.stdin.Close()
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	})
	line, err := s.out.ReadString('\n')
	var port int
	if _, serr := fmt.Sscanf(line, "port %d", &port); err != nil || serr != nil {
		t.Fatalf("sink did not report its port: %q %v", line, err)
	}
	s.addr = fmt.Sprintf("127.0.0.1:%d", port)
	return s
}

// finish tells the sink how many segments were sent and returns its
// statistics once they arrived (or it gave up waiting).
func (s *sinkProc) finish(t *testing.T, segments int64) sinkStats {
	t.Helper()
	if _, err := fmt.Fprintf(s.stdin, "done %d\n", segments); err != nil {
		t.Fatal(err)
	}
	line, err := s.out.ReadString('\n')
	if err != nil {
		t.Fatalf("sink statistics: %v", err)
	}
	var st sinkStats
	if err := json.Unmarshal([]byte(strings.TrimSpace(line)), &st); err != nil {
		t.Fatalf("sink statistics %q: %v", line, err)
	}
	_ = s.cmd.Wait()
	return st
}
