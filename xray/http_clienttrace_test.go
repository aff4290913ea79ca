package xray

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http/httptrace"
	"testing"
	"time"
)

func httptraceContext(ctx context.Context, ct *ClientTrace) context.Context {
	return httptrace.WithClientTrace(ctx, ct.httpTrace)
}

// TestHTTPSubsegmentsHooks drives every hook by hand, in the order a new
// TLS connection produces them.
func TestHTTPSubsegmentsHooks(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	opCtx, op := BeginSubsegment(ctx, "op")
	xt := NewHTTPSubsegments(opCtx)
	xt.GetConn("example.com:443")
	xt.DNSStart(httptrace.DNSStartInfo{Host: "example.com"})
	xt.DNSDone(httptrace.DNSDoneInfo{Addrs: []net.IPAddr{{IP: net.IPv4(127, 0, 0, 1)}}})
	xt.ConnectStart("tcp", "127.0.0.1:443")
	xt.ConnectDone("tcp", "127.0.0.1:443", nil)
	xt.TLSHandshakeStart()
	xt.TLSHandshakeDone(tls.ConnectionState{NegotiatedProtocol: "http/1.1", CipherSuite: tls.TLS_AES_128_GCM_SHA256}, nil)
	xt.GotConn(&httptrace.GotConnInfo{WasIdle: true, IdleTime: 5 * time.Second}, nil)
	xt.WroteRequest(httptrace.WroteRequestInfo{})
	xt.GotFirstResponseByte()
	op.Close(nil)
	// Hooks after the operation closed are ignored.
	xt.GetConn("late:1")
	xt.GotConn(&httptrace.GotConnInfo{}, nil)
	root.Close(nil)

	doc := rec.Recv(t, 1)[0]
	assertAllClosed(t, doc)
	phases := childrenByName(t, childrenByName(t, doc)["op"])
	if len(phases) != 3 {
		t.Fatalf("phases %v", phases)
	}
	conn := metadataHTTP(t, phases["connect"], "connection")
	if conn["reused"] != false || conn["was_idle"] != true || conn["idle_time"] != 5e9 {
		t.Errorf("connection %v", conn)
	}
	under := childrenByName(t, phases["connect"])
	dns := metadataHTTP(t, under["dns"], "dns")
	addrs := dns["addresses"].([]interface{})
	if len(addrs) != 1 || addrs[0].(map[string]interface{})["IP"] != "127.0.0.1" || addrs[0].(map[string]interface{})["Zone"] != "" || dns["coalesced"] != false {
		t.Errorf("dns %v", dns)
	}
	if metadataHTTP(t, under["dial"], "connect")["network"] != "tcp" {
		t.Errorf("dial %v", under["dial"])
	}
	tlsMeta := metadataHTTP(t, under["tls"], "tls")
	if tlsMeta["negotiated_protocol"] != "http/1.1" || tlsMeta["cipher_suite"] != float64(tls.TLS_AES_128_GCM_SHA256) || tlsMeta["did_resume"] != false {
		t.Errorf("tls %v", tlsMeta)
	}
}

func TestHTTPSubsegmentsReusedAndFailedConn(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")

	// Reused: connect disappears.
	opCtx, op := BeginSubsegment(ctx, "reused")
	xt := NewHTTPSubsegments(opCtx)
	xt.GetConn("h:1")
	xt.GotConn(&httptrace.GotConnInfo{Reused: true}, nil)
	xt.WroteRequest(httptrace.WroteRequestInfo{})
	xt.GotFirstResponseByte()
	op.Close(nil)

	// GotConn without info and with an error: connect closed with it, no
	// request phase.
	opCtx2, op2 := BeginSubsegment(ctx, "failed")
	xt2 := NewHTTPSubsegments(opCtx2)
	xt2.GetConn("h:1")
	boom := errors.New("no connection")
	xt2.GotConn(nil, boom)
	xt2.WroteRequest(httptrace.WroteRequestInfo{})
	op2.Close(boom)

	// Write error: request closed with it, response still begun; finish
	// closes the dangling response with the exchange error.
	opCtx3, op3 := BeginSubsegment(ctx, "write-error")
	xt3 := NewHTTPSubsegments(opCtx3)
	xt3.GetConn("h:1")
	xt3.GotConn(&httptrace.GotConnInfo{Reused: true}, nil)
	xt3.WroteRequest(httptrace.WroteRequestInfo{Err: errors.New("broken pipe")})
	xt3.finish(errors.New("broken pipe"))
	xt3.GotFirstResponseByte() // after finish: ignored
	op3.Close(errors.New("broken pipe"))

	root.Close(nil)
	doc := rec.Recv(t, 1)[0]
	assertAllClosed(t, doc)
	ops := childrenByName(t, doc)

	p := childrenByName(t, ops["reused"])
	if p["connect"] != nil || p["request"] == nil || p["response"] == nil {
		t.Errorf("reused phases %v", p)
	}
	p = childrenByName(t, ops["failed"])
	if len(p) != 1 || p["connect"]["fault"] != true {
		t.Errorf("failed phases %v", p)
	}
	p = childrenByName(t, ops["write-error"])
	if p["request"]["fault"] != true || p["response"]["fault"] != true {
		t.Errorf("write-error phases %v", p)
	}
}

// Hooks arrive on transport goroutines: concurrent calls are serialised.
func TestHTTPSubsegmentsConcurrentHooks(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "caller")
	opCtx, op := BeginSubsegment(ctx, "op")
	xt := NewHTTPSubsegments(opCtx)
	xt.GetConn("h:1")
	done := make(chan struct{})
	for i := 0; i < 4; i++ {
		addr := "127.0.0." + string(rune('1'+i)) + ":80"
		go func() {
			defer func() { done <- struct{}{} }()
			xt.ConnectStart("tcp", addr)
			xt.DNSStart(httptrace.DNSStartInfo{})
			xt.DNSDone(httptrace.DNSDoneInfo{})
			xt.ConnectDone("tcp", addr, nil)
		}()
	}
	for i := 0; i < 4; i++ {
		<-done
	}
	xt.GotConn(&httptrace.GotConnInfo{}, nil)
	xt.finish(nil)
	op.Close(nil)
	root.Close(nil)
	doc := rec.Recv(t, 1)[0]
	assertAllClosed(t, doc)
	connect := childrenByName(t, childrenByName(t, doc)["op"])["connect"]
	var dials int
	for _, c := range subsegmentsOf(t, connect) {
		if c["name"] == "dial" {
			dials++
		}
	}
	if dials != 4 {
		t.Errorf("%d dial subsegments, want 4", dials)
	}
}
