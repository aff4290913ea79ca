package main

import (
	"bytes"
	"context"
	"net"
	"sync"
	"time"

	"github.com/aws/aws-xray-sdk-go/internal/waterfall"
)

// receiver is a stand-in daemon: it reads segment documents from UDP and
// files them by trace.
type receiver struct {
	conn *net.UDPConn

	mu     sync.Mutex
	coll   *waterfall.Collector
	docs   int
	last   time.Time
	closed chan struct{}
}

func listen() (*receiver, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, err
	}
	r := &receiver{conn: conn, coll: waterfall.NewCollector(), closed: make(chan struct{})}
	go r.loop()
	return r, nil
}

func (r *receiver) Addr() string { return r.conn.LocalAddr().String() }

func (r *receiver) loop() {
	defer close(r.closed)
	buf := make([]byte, 65536)
	for {
		n, err := r.conn.Read(buf)
		if err != nil {
			return
		}
		doc := buf[:n]
		if i := bytes.IndexByte(doc, '\n'); i >= 0 {
			doc = doc[i+1:]
		}
		r.mu.Lock()
		if r.coll.Add(doc) == nil {
			r.docs++
			r.last = time.Now()
		}
		r.mu.Unlock()
	}
}

// Documents is how many documents arrived.
func (r *receiver) Documents() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.docs
}

// Wait returns the traces once at least want traces arrived and nothing new
// came for settle, or when ctx ends.
func (r *receiver) Wait(ctx context.Context, want int, settle time.Duration) []*waterfall.Trace {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		r.mu.Lock()
		enough := r.coll.Len() >= want && !r.last.IsZero() && time.Since(r.last) >= settle
		r.mu.Unlock()
		if enough {
			break
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
			continue
		}
		break
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.coll.Traces()
}

func (r *receiver) Close() {
	r.conn.Close()
	<-r.closed
}
