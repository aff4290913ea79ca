package xray

import (
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// Emitter sends finished entities to the daemon.
type Emitter interface {
	// Emit sends seg and its subtree. It is called with seg's write lock
	// held, on the goroutine that completed seg: implementations must not
	// lock seg nor call functions of this package that do.
	Emit(seg *Segment)
	// RefreshEmitterWithAddress points the emitter at a new daemon
	// address.
	RefreshEmitterWithAddress(raddr *net.UDPAddr)
}

// DefaultEmitter sends documents over UDP, one per datagram, each preceded
// by the Header line. It dials lazily, never blocks on a dead daemon (the
// failure is logged and the document lost) and never writes a datagram
// larger than 65,507 bytes: a larger tree is split into standalone
// subsegment documents, and a single entity that is still too large has its
// longest strings truncated. Documents truncated or dropped are counted.
type DefaultEmitter struct {
	sync.Mutex
	conn *net.UDPConn
	addr *net.UDPAddr

	truncated atomic.Uint64
	dropped   atomic.Uint64
}

// NewDefaultEmitter returns an emitter for raddr. It does not dial yet. In
// Lambda it also creates the SDK's marker file. The error is always nil.
func NewDefaultEmitter(raddr *net.UDPAddr) (*DefaultEmitter, error) {
	touchLambdaMarker()
	return &DefaultEmitter{addr: raddr}, nil
}

// RefreshEmitterWithAddress dials raddr right away and sends to it from now
// on; the previous socket is closed.
func (de *DefaultEmitter) RefreshEmitterWithAddress(raddr *net.UDPAddr) {
	de.Lock()
	defer de.Unlock()
	de.addr = raddr
	de.dialLocked()
}

// dialLocked replaces the connection with one to de.addr. The caller holds
// the mutex.
func (de *DefaultEmitter) dialLocked() bool {
	if de.conn != nil {
		_ = de.conn.Close()
		de.conn = nil
	}
	conn, err := net.DialUDP("udp", nil, de.addr)
	if err != nil {
		logger.Errorf("Error dialing emitter address %v: %s", de.addr, err)
		return false
	}
	de.conn = conn
	logger.Infof("Emitter using address: %v", de.addr)
	return true
}

// Emit sends seg (locked by the caller) and its subtree, unless its root is
// unsampled.
func (de *DefaultEmitter) Emit(seg *Segment) {
	defer func() {
		if p := recover(); p != nil {
			logger.Errorf("Panic emitting segment: %v\n%s", p, debug.Stack())
		}
	}()
	if seg == nil || !seg.root().Sampled {
		return
	}
	p := getPacker()
	defer putPacker(p)
	p.pack(seg)
	if p.truncated != 0 {
		de.truncated.Add(uint64(p.truncated))
	}
	if p.dropped != 0 {
		de.dropped.Add(uint64(p.dropped))
	}

	de.Lock()
	defer de.Unlock()
	dead := false
	p.datagrams(func(d []byte) {
		if dead {
			de.dropped.Add(1)
			return
		}
		if logger.DebugEnabled() {
			logger.DebugMsg(documentMsg(d[len(Header):]))
		}
		if de.conn == nil && !de.dialLocked() {
			dead = true
			de.dropped.Add(1)
			return
		}
		if _, err := de.conn.Write(d); err != nil {
			de.dropped.Add(1)
			logger.Errorf("%s", err)
		}
	})
}

// TruncatedDocuments returns how many documents were sent with strings
// truncated to fit into one datagram.
func (de *DefaultEmitter) TruncatedDocuments() uint64 { return de.truncated.Load() }

// DroppedDocuments returns how many documents were lost: too large even
// after truncation, or not written because dialing or writing failed.
func (de *DefaultEmitter) DroppedDocuments() uint64 { return de.dropped.Load() }

// close releases the socket (tests).
func (de *DefaultEmitter) close() {
	de.Lock()
	defer de.Unlock()
	if de.conn != nil {
		_ = de.conn.Close()
		de.conn = nil
	}
}
