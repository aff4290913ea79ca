package xray

import (
	"context"
	"crypto/tls"
	"errors"
	"net/http/httptrace"
	"sync"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// HTTPSubsegments records the phases of one HTTP exchange as subsegments of
// an operation entity (the entity in the context given to
// NewHTTPSubsegments): "connect" (with "dns", "dial" and "tls" under it; a
// reused connection has none), "request" (writing the request) and
// "response" (waiting for the first response byte). Its methods are the
// net/http/httptrace hooks of the same names; they may be called from
// different goroutines and are serialised. Once the operation entity is
// closed they do nothing.
type HTTPSubsegments struct {
	opCtx context.Context
	op    *Segment // the entity in opCtx, looked up once

	mu sync.Mutex
	// connPending: GetConn happened at connStart, and "connect" is begun
	// only once the connection turns out to be new (a reused connection
	// never needs it, so it costs nothing).
	connPending bool
	connStart   int64 // Unix nanoseconds
	connCtx     context.Context
	connSeg     *Segment
	dnsSeg      *Segment
	dials       [maxDials]dialAttempt
	tlsSeg      *Segment
	reqSeg      *Segment
	responseSeg *Segment
	// phaseStore holds zeroed storage for the first "request" and
	// "response" subsegments (nil: allocate), each used once.
	phaseStore [2]*Segment
	// done is set by finish: the exchange is over, late hooks are ignored.
	done bool
}

// maxDials bounds the dial attempts remembered at once (the dialer runs at
// most two in parallel: primary and fallback address family).
const maxDials = 4

// dialAttempt is one "dial" subsegment and the address it dials.
type dialAttempt struct {
	addr string
	seg  *Segment
}

// NewHTTPSubsegments returns the recorder of the exchange whose operation
// entity is in opCtx.
func NewHTTPSubsegments(opCtx context.Context) *HTTPSubsegments {
	return &HTTPSubsegments{opCtx: opCtx, op: GetSegment(opCtx)}
}

// opOpen reports whether the hooks should record: the exchange is not over
// and the operation entity is still in progress. The caller holds xt.mu.
func (xt *HTTPSubsegments) opOpen() bool {
	if xt.done {
		return false
	}
	return isOpen(xt.op)
}

// isOpen reports whether s exists and has not been closed.
func isOpen(s *Segment) bool {
	if s == nil {
		return false
	}
	s.RLock()
	open := s.InProgress
	s.RUnlock()
	return open
}

// closeIfOpen closes s with err unless it is nil or already closed.
func closeIfOpen(s *Segment, err error) {
	if isOpen(s) {
		s.Close(err)
	}
}

// GetConn starts the "connect" subsegment. It is dated from now but
// created only when the connection turns out to be new: a reused one
// leaves nothing behind.
func (xt *HTTPSubsegments) GetConn(hostPort string) {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	if !xt.opOpen() {
		return
	}
	// A retry on a fresh connection starts over; never leave the previous
	// attempt's subsegments open.
	closeIfOpen(xt.dnsSeg, nil)
	closeIfOpen(xt.tlsSeg, nil)
	xt.closeDials(nil)
	closeIfOpen(xt.connSeg, nil)
	xt.forgetConn()
	xt.connPending, xt.connStart = true, nowUnixNano()
}

// forgetConn drops the connection phases without closing them. It writes
// only the fields that are set (pointer writes cost while the GC runs): a
// reused connection, the usual case, has none. The caller holds xt.mu.
func (xt *HTTPSubsegments) forgetConn() {
	if xt.connCtx != nil || xt.connSeg != nil {
		xt.connCtx, xt.connSeg = nil, nil
	}
	if xt.dnsSeg != nil {
		xt.dnsSeg = nil
	}
	if xt.tlsSeg != nil {
		xt.tlsSeg = nil
	}
	for i := range xt.dials {
		if xt.dials[i] != (dialAttempt{}) {
			xt.dials[i] = dialAttempt{}
		}
	}
}

// hasConnect reports whether GetConn began a "connect" (begun or pending).
// The caller holds xt.mu.
func (xt *HTTPSubsegments) hasConnect() bool {
	return xt.connSeg != nil || xt.connPending
}

// connect returns the "connect" subsegment, beginning it (dated back to
// GetConn) if it is pending; nil without GetConn. The caller holds xt.mu.
func (xt *HTTPSubsegments) connect() *Segment {
	if xt.connPending {
		xt.connPending = false
		xt.connCtx, xt.connSeg = BeginSubsegment(xt.opCtx, "connect")
		if xt.connSeg != nil {
			xt.connSeg.Lock()
			xt.connSeg.StartTime = float64(xt.connStart) / 1e9
			xt.connSeg.Unlock()
		}
	}
	return xt.connSeg
}

// DNSStart begins the "dns" subsegment under "connect".
func (xt *HTTPSubsegments) DNSStart(info httptrace.DNSStartInfo) {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	if !xt.opOpen() || xt.connect() == nil {
		return
	}
	closeIfOpen(xt.dnsSeg, nil) // never leave a replaced one open
	_, xt.dnsSeg = BeginSubsegment(xt.connCtx, "dns")
}

// DNSDone records the resolved addresses on "dns" and closes it with the
// lookup error.
func (xt *HTTPSubsegments) DNSDone(info httptrace.DNSDoneInfo) {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	if xt.dnsSeg == nil || !xt.opOpen() {
		return
	}
	_ = xt.dnsSeg.AddMetadataToNamespace("http", "dns", map[string]interface{}{
		"addresses": info.Addrs,
		"coalesced": info.Coalesced,
	})
	xt.dnsSeg.Close(info.Err)
}

// ConnectStart begins a "dial" subsegment under "connect". Parallel
// attempts (IPv6 and IPv4) each get one, told apart by addr.
func (xt *HTTPSubsegments) ConnectStart(network, addr string) {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	if !xt.opOpen() || xt.connect() == nil {
		return
	}
	_, seg := BeginSubsegment(xt.connCtx, "dial")
	slot := 0
	for i := range xt.dials {
		if xt.dials[i].seg == nil {
			slot = i
			break
		}
		if i == len(xt.dials)-1 {
			// All slots busy: drop the oldest attempt's record.
			closeIfOpen(xt.dials[0].seg, nil)
			copy(xt.dials[:], xt.dials[1:])
			slot = i
		}
	}
	xt.dials[slot] = dialAttempt{addr: addr, seg: seg}
}

// ConnectDone records the network on the "dial" of addr and closes it with
// the dial error.
func (xt *HTTPSubsegments) ConnectDone(network, addr string, err error) {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	if !xt.opOpen() {
		return
	}
	i := xt.dialIndex(addr)
	if i < 0 {
		return
	}
	seg := xt.dials[i].seg
	xt.dials[i] = dialAttempt{}
	_ = seg.AddMetadataToNamespace("http", "connect", map[string]interface{}{
		"network": network,
	})
	seg.Close(err)
}

// dialIndex returns the slot of the open dial to addr, else of the latest
// open dial, else -1. The caller holds xt.mu.
func (xt *HTTPSubsegments) dialIndex(addr string) int {
	latest := -1
	for i := range xt.dials {
		if xt.dials[i].seg == nil {
			continue
		}
		if xt.dials[i].addr == addr {
			return i
		}
		latest = i
	}
	return latest
}

// closeDials closes every dial still open with err. The caller holds
// xt.mu.
func (xt *HTTPSubsegments) closeDials(err error) {
	for i := range xt.dials {
		if xt.dials[i] != (dialAttempt{}) {
			closeIfOpen(xt.dials[i].seg, err)
			xt.dials[i] = dialAttempt{}
		}
	}
}

// TLSHandshakeStart begins the "tls" subsegment under "connect".
func (xt *HTTPSubsegments) TLSHandshakeStart() {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	if !xt.opOpen() || xt.connect() == nil {
		return
	}
	closeIfOpen(xt.tlsSeg, nil) // never leave a replaced one open
	_, xt.tlsSeg = BeginSubsegment(xt.connCtx, "tls")
}

// TLSHandshakeDone records the negotiated session on "tls" and closes it
// with the handshake error.
func (xt *HTTPSubsegments) TLSHandshakeDone(state tls.ConnectionState, err error) {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	if xt.tlsSeg == nil || !xt.opOpen() {
		return
	}
	_ = xt.tlsSeg.AddMetadataToNamespace("http", "tls", map[string]interface{}{
		"did_resume":          state.DidResume,
		"negotiated_protocol": state.NegotiatedProtocol,
		//lint:ignore SA1019 recorded for upstream compatibility
		"negotiated_protocol_is_mutual": state.NegotiatedProtocolIsMutual,
		"cipher_suite":                  state.CipherSuite,
	})
	xt.tlsSeg.Close(err)
}

// GotConn ends "connect": a reused connection removes it from the
// operation (nothing was connected), a new one records whether it was idle
// and closes it with err. A nil info only closes it. Unless err is set it
// then begins the "request" subsegment.
func (xt *HTTPSubsegments) GotConn(info *httptrace.GotConnInfo, err error) {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	if !xt.hasConnect() || !xt.opOpen() {
		return
	}
	switch {
	case info != nil && info.Reused:
		if xt.connSeg != nil {
			xt.op.RemoveSubsegment(xt.connSeg)
		}
		xt.connPending = false
		xt.forgetConn()
	case info != nil:
		conn := map[string]interface{}{
			"reused":   false,
			"was_idle": info.WasIdle,
		}
		if info.WasIdle {
			conn["idle_time"] = int64(info.IdleTime)
		}
		if seg := xt.connect(); seg != nil {
			_ = seg.AddMetadataToNamespace("http", "connection", conn)
			seg.Close(err)
		}
	default:
		closeIfOpen(xt.connect(), err)
	}
	if err == nil {
		closeIfOpen(xt.reqSeg, nil)
		closeIfOpen(xt.responseSeg, nil)
		xt.reqSeg = xt.beginPhase(0, "request")
		if xt.responseSeg != nil {
			xt.responseSeg = nil
		}
	}
}

// beginPhase begins the phase subsegment name under the operation, in
// phaseStore[i] if that is still unused. The caller holds xt.mu.
func (xt *HTTPSubsegments) beginPhase(i int, name string) *Segment {
	store := xt.phaseStore[i]
	xt.phaseStore[i] = nil
	if xt.op.ParentSegment == nil {
		// The empty stand-in of a disabled SDK: begin as BeginSubsegment
		// would.
		_, seg := beginSubsegment(store, xt.opCtx, name, false)
		return seg
	}
	seg := attachSubsegment(store, xt.op, name, false)
	withSegment(xt.opCtx, seg)
	if logger.DebugEnabled() {
		logger.DebugMsg(beginMsg{name: name, sub: true})
	}
	return seg
}

// WroteRequest closes "request" with the write error and begins
// "response"; it also closes "connect" if that is still open.
func (xt *HTTPSubsegments) WroteRequest(info httptrace.WroteRequestInfo) {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	open := xt.opOpen()
	if xt.reqSeg != nil && open {
		xt.reqSeg.Close(info.Err)
		closeIfOpen(xt.responseSeg, nil)
		xt.responseSeg = xt.beginPhase(1, "response")
	}
	if open {
		closeIfOpen(xt.connect(), nil)
	} else {
		closeIfOpen(xt.connSeg, nil)
	}
}

// GotFirstResponseByte closes "response".
func (xt *HTTPSubsegments) GotFirstResponseByte() {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	if xt.responseSeg != nil && xt.opOpen() {
		xt.responseSeg.Close(nil)
	}
}

// finish ends the recording: every subsegment still open (an exchange cut
// short by an error, a timeout or a cancellation) is closed with err, and
// later hooks are ignored. Call it before closing the operation entity.
func (xt *HTTPSubsegments) finish(err error) {
	xt.mu.Lock()
	defer xt.mu.Unlock()
	if xt.done {
		return
	}
	xt.done = true
	closeIfOpen(xt.dnsSeg, err)
	xt.closeDials(err)
	closeIfOpen(xt.tlsSeg, err)
	closeIfOpen(xt.connect(), err)
	closeIfOpen(xt.reqSeg, err)
	closeIfOpen(xt.responseSeg, err)
}

// clientTrace returns the httptrace hooks that feed xt.
func (xt *HTTPSubsegments) clientTrace() *httptrace.ClientTrace {
	ct := &httptrace.ClientTrace{}
	xt.setHooks(ct)
	return ct
}

// setHooks points ct's hooks at xt.
func (xt *HTTPSubsegments) setHooks(ct *httptrace.ClientTrace) {
	ct.GetConn = xt.GetConn
	ct.DNSStart = xt.DNSStart
	ct.DNSDone = xt.DNSDone
	ct.ConnectStart = xt.ConnectStart
	ct.ConnectDone = xt.ConnectDone
	ct.TLSHandshakeStart = xt.TLSHandshakeStart
	ct.TLSHandshakeDone = xt.TLSHandshakeDone
	ct.GotConn = func(info httptrace.GotConnInfo) { xt.GotConn(&info, nil) }
	ct.WroteRequest = xt.WroteRequest
	ct.GotFirstResponseByte = xt.GotFirstResponseByte
}

// ClientTrace ties an httptrace.ClientTrace to the HTTPSubsegments it
// feeds. Build one with NewClientTrace.
type ClientTrace struct {
	subsegments *HTTPSubsegments
	httpTrace   *httptrace.ClientTrace
}

// NewClientTrace returns a ClientTrace whose hooks record the exchange as
// subsegments of the entity in opCtx (see HTTPSubsegments).
func NewClientTrace(opCtx context.Context) (*ClientTrace, error) {
	if opCtx == nil {
		return nil, errors.New("opCtx must be non-nil")
	}
	xt := NewHTTPSubsegments(opCtx)
	return &ClientTrace{subsegments: xt, httpTrace: xt.clientTrace()}, nil
}
