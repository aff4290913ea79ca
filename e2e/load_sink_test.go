package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	// sinkRoleEnv=sinkRole makes the test binary run as the load test's
	// UDP listener (see TestMain): a separate process, so that its work
	// does not show in the load generator's allocation and heap figures.
	sinkRoleEnv = "XRAY_E2E_ROLE"
	sinkRole    = "udp-sink"

	// maxDatagram is the largest UDP payload over IPv4.
	maxDatagram = 65507
	// sinkBuffer is the socket receive buffer the sink asks for, so that
	// bursts are queued rather than dropped by the kernel.
	sinkBuffer = 128 << 20
	// sinkIdle ends the wait for stragglers once nothing arrived for this
	// long after the generator said it was done.
	sinkIdle = 3 * time.Second
)

// daemonHeader starts every datagram.
var daemonHeader = []byte("{\"format\": \"json\", \"version\": 1}\n")

// sinkStats is what the sink reports when it ends (one JSON line).
type sinkStats struct {
	Datagrams    int64  `json:"datagrams"`
	Bytes        int64  `json:"bytes"`
	MaxSize      int64  `json:"max_size"`
	Oversize     int64  `json:"oversize"`
	DecodeErrors int64  `json:"decode_errors"`
	FirstError   string `json:"first_error,omitempty"`
	Segments     int64  `json:"segments"`
	Subsegments  int64  `json:"subsegments"`
	KernelDrops  int64  `json:"kernel_drops"`
}

// sinkDoc is the part of a document the sink checks.
type sinkDoc struct {
	TraceID     string            `json:"trace_id"`
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	StartTime   float64           `json:"start_time"`
	EndTime     float64           `json:"end_time"`
	Type        string            `json:"type"`
	Subsegments []json.RawMessage `json:"subsegments"`
}

// runSink is the listener process: it prints "port N" and stores every
// datagram as it arrives (copying is all it does while the load runs, so
// that it keeps up and the kernel drops nothing); after reading "done N"
// on stdin it waits until N segments' datagrams arrived (or sinkIdle passed
// without traffic), decodes everything, prints its statistics as JSON and
// returns the exit code.
func runSink() int {
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sink:", err)
		return 2
	}
	growReceiveBuffer(conn)
	fmt.Printf("port %d\n", conn.LocalAddr().(*net.UDPAddr).Port)

	var (
		store    datagramStore
		count    atomic.Int64
		lastRecv atomic.Int64
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		buf := make([]byte, 1<<16+1)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			store.add(buf[:n])
			count.Add(1)
			lastRecv.Store(time.Now().UnixNano())
		}
	}()

	drops0 := udpReceiveErrors()
	in := bufio.NewScanner(os.Stdin)
	want := int64(-1)
	for in.Scan() {
		if f := strings.Fields(in.Text()); len(f) == 2 && f[0] == "done" {
			want, _ = strconv.ParseInt(f[1], 10, 64)
			break
		}
	}
	// Every load segment fits one datagram (5 subsegments stay below the
	// streaming threshold), so want segments means want datagrams.
	lastRecv.CompareAndSwap(0, time.Now().UnixNano())
	for count.Load() < want && time.Since(time.Unix(0, lastRecv.Load())) < sinkIdle {
		time.Sleep(20 * time.Millisecond)
	}
	conn.Close()
	<-done

	st := sinkStats{KernelDrops: udpReceiveErrors() - drops0}
	var doc sinkDoc
	store.each(func(d []byte) {
		n := int64(len(d))
		st.Datagrams++
		st.Bytes += n
		st.MaxSize = max(st.MaxSize, n)
		if n > maxDatagram {
			st.Oversize++
		}
		segs, subs, err := checkDatagram(d, &doc)
		st.Segments += segs
		st.Subsegments += subs
		if err != nil {
			st.DecodeErrors++
			if st.FirstError == "" {
				st.FirstError = err.Error()
			}
		}
	})
	out, _ := json.Marshal(st)
	fmt.Println(string(out))
	return 0
}

// datagramStore keeps received datagrams back to back in large chunks.
type datagramStore struct {
	chunks [][]byte
	ends   [][]int // per chunk, the end offset of each datagram
}

const storeChunk = 64 << 20

func (s *datagramStore) add(d []byte) {
	last := len(s.chunks) - 1
	if last < 0 || len(s.chunks[last])+len(d) > cap(s.chunks[last]) {
		s.chunks = append(s.chunks, make([]byte, 0, max(storeChunk, len(d))))
		s.ends = append(s.ends, nil)
		last++
	}
	s.chunks[last] = append(s.chunks[last], d...)
	s.ends[last] = append(s.ends[last], len(s.chunks[last]))
}

func (s *datagramStore) each(f func([]byte)) {
	for i, chunk := range s.chunks {
		start := 0
		for _, end := range s.ends[i] {
			f(chunk[start:end])
			start = end
		}
	}
}

// checkDatagram validates one datagram: the daemon header, then a JSON
// segment document (or a standalone subsegment) with the required fields.
// It returns how many segments and subsegments the datagram carried.
func checkDatagram(b []byte, doc *sinkDoc) (segments, subsegments int64, err error) {
	body, ok := bytes.CutPrefix(b, daemonHeader)
	if !ok {
		return 0, 0, fmt.Errorf("no daemon header: %.60q", b)
	}
	*doc = sinkDoc{Subsegments: doc.Subsegments[:0]}
	if err := json.Unmarshal(body, doc); err != nil {
		return 0, 0, fmt.Errorf("decode: %w", err)
	}
	if len(doc.TraceID) != 35 || len(doc.ID) != 16 || doc.Name == "" || doc.StartTime == 0 || doc.EndTime < doc.StartTime {
		return 0, 0, fmt.Errorf("incomplete document: %.200s", body)
	}
	if doc.Type == "subsegment" {
		subsegments = 1
	} else {
		segments = 1
	}
	var sub sinkDoc
	for _, raw := range doc.Subsegments {
		if err := json.Unmarshal(raw, &sub); err != nil {
			return segments, subsegments, fmt.Errorf("decode subsegment: %w", err)
		}
		if len(sub.ID) != 16 || sub.Name == "" || sub.EndTime < sub.StartTime {
			return segments, subsegments, fmt.Errorf("incomplete subsegment: %.200s", raw)
		}
		subsegments++
	}
	return segments, subsegments, nil
}

// growReceiveBuffer asks for a large receive buffer: SO_RCVBUFFORCE works
// for root beyond the system maximum, SetReadBuffer otherwise.
func growReceiveBuffer(conn *net.UDPConn) {
	raw, err := conn.SyscallConn()
	if err == nil {
		var serr error
		_ = raw.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUFFORCE, sinkBuffer)
		})
		if serr == nil {
			return
		}
	}
	_ = conn.SetReadBuffer(sinkBuffer)
}

// udpReceiveErrors returns the system-wide count of UDP datagrams dropped
// because a receive buffer was full (Linux /proc/net/snmp), or 0.
func udpReceiveErrors() int64 {
	data, err := os.ReadFile("/proc/net/snmp")
	if err != nil {
		return 0
	}
	var header []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "Udp: ") {
			continue
		}
		fields := strings.Fields(line)
		if header == nil {
			header = fields
			continue
		}
		for i, h := range header {
			if h == "RcvbufErrors" && i < len(fields) {
				n, _ := strconv.ParseInt(fields[i], 10, 64)
				return n
			}
		}
	}
	return 0
}
