package xraytest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// Daemon stands in for the X-Ray daemon: a UDP listener on 127.0.0.1 that
// checks each datagram's header line and keeps the document after it. It
// has the same accessors as a Recorder. A datagram without the header line
// is reported by Err (and fails the test of NewDaemon).
type Daemon struct {
	store

	conn *net.UDPConn
	done chan struct{}
	em   *xray.DefaultEmitter

	closeOnce sync.Once
	closeErr  error
}

// maxDatagram is larger than any UDP datagram, so nothing is cut.
const maxDatagram = 1 << 16

// ListenDaemon starts a Daemon on a free port of 127.0.0.1. Close stops it.
func ListenDaemon() (*Daemon, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, fmt.Errorf("xraytest: listening for datagrams: %w", err)
	}
	// Tests that send many documents at once must not lose them to a
	// small socket buffer; the kernel may grant less, which is fine.
	_ = conn.SetReadBuffer(8 << 20)
	d := &Daemon{conn: conn, done: make(chan struct{})}
	go d.receive()
	return d, nil
}

// NewDaemon starts a Daemon that is closed when the test ends, and returns
// a context, derived from t.Context(), whose segments sample every request
// (unless WithConfig gives a sampling strategy) and are sent to the Daemon
// by an xray.DefaultEmitter over UDP. The emitter stays pointed at the
// Daemon even when AWS_XRAY_DAEMON_ADDRESS is set.
func NewDaemon(t testing.TB, opts ...Option) (context.Context, *Daemon) {
	t.Helper()
	d, err := ListenDaemon()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	d.em, _ = xray.NewDefaultEmitter(d.Addr())
	cfg, timeout := build(opts, pinnedEmitter{d.em})
	d.timeout = timeout
	ctx, err := xray.ContextWithConfig(t.Context(), cfg)
	if err != nil {
		t.Logf("xraytest: ignoring %v", err)
	}
	t.Cleanup(func() { d.reportErrors(t) })
	return ctx, d
}

// Addr returns the address the Daemon listens on.
func (d *Daemon) Addr() *net.UDPAddr { return d.conn.LocalAddr().(*net.UDPAddr) }

// Emitter returns the DefaultEmitter sending the documents of NewDaemon's
// context (for its TruncatedDocuments and DroppedDocuments counters), or nil
// for a Daemon from ListenDaemon.
func (d *Daemon) Emitter() *xray.DefaultEmitter { return d.em }

// Close stops the Daemon and waits for its receiving goroutine to end.
// Documents received stay readable. Close may be called more than once.
func (d *Daemon) Close() error {
	d.closeOnce.Do(func() {
		d.closeErr = d.conn.Close()
		<-d.done
	})
	return d.closeErr
}

// receive keeps the documents of incoming datagrams until the socket is
// closed.
func (d *Daemon) receive() {
	defer close(d.done)
	buf := make([]byte, maxDatagram)
	header := []byte(xray.Header)
	for {
		n, _, err := d.conn.ReadFromUDP(buf)
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				d.addError(fmt.Errorf("xraytest: daemon stopped receiving: %w", err))
			}
			return
		}
		gram := buf[:n]
		if !bytes.HasPrefix(gram, header) {
			d.addError(fmt.Errorf("xraytest: datagram without the X-Ray header line: %q", gram))
			continue
		}
		d.add(bytes.Clone(gram[len(header):]))
	}
}

// pinnedEmitter is a DefaultEmitter that ignores re-targeting, so that
// AWS_XRAY_DAEMON_ADDRESS cannot point it away from the Daemon.
type pinnedEmitter struct{ *xray.DefaultEmitter }

// RefreshEmitterWithAddress does nothing.
func (pinnedEmitter) RefreshEmitterWithAddress(*net.UDPAddr) {}
