package xraytest_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraytest"
)

// send writes one datagram to d.
func send(t *testing.T, d *xraytest.Daemon, gram string) {
	t.Helper()
	conn, err := net.DialUDP("udp", nil, d.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(gram)); err != nil {
		t.Fatal(err)
	}
}

func TestDaemonReceivesOverUDP(t *testing.T) {
	t.Parallel()
	ctx, d := xraytest.NewDaemon(t)
	if !d.Addr().IP.IsLoopback() || d.Addr().Port == 0 {
		t.Errorf("address %v", d.Addr())
	}
	checkout(ctx)
	seg := d.WaitSegment(t, "checkout")
	if seg.Annotations["customer"] != "c-42" || seg.Subsegment("load-cart") == nil {
		t.Errorf("segment %+v", seg)
	}
	if d.Emitter() == nil || d.Emitter().DroppedDocuments() != 0 {
		t.Error("emitter counters")
	}
}

func TestDaemonGetsLargeTreesInDatagramsThatFit(t *testing.T) {
	t.Parallel()
	ctx, d := xraytest.NewDaemon(t)
	ctx, root := xray.BeginSegment(ctx, "large")
	for i := 0; i < 40; i++ {
		_, s := xray.BeginSubsegment(ctx, "blob")
		_ = s.AddMetadata("blob", strings.Repeat("x", 4000))
		s.Close(nil)
	}
	root.Close(nil)
	d.WaitSegment(t, "large")
	for _, raw := range d.RawDocuments() {
		if len(xray.Header)+len(raw) > 65507 {
			t.Errorf("datagram of %d bytes", len(xray.Header)+len(raw))
		}
	}
	if n := len(d.SubsegmentsNamed("blob")); n != 40 {
		t.Errorf("%d subsegments arrived, want 40", n)
	}
}

func TestDaemonStaysTargetedDespiteEnvironment(t *testing.T) {
	t.Setenv("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:9")
	ctx, d := xraytest.NewDaemon(t)
	checkout(ctx)
	d.WaitSegment(t, "checkout")
}

func TestDaemonReportsDatagramsWithoutHeader(t *testing.T) {
	t.Parallel()
	d, err := xraytest.ListenDaemon()
	if err != nil {
		t.Fatal(err)
	}
	send(t, d, `{"name":"no header"}`)
	send(t, d, xray.Header+`{"id":"1","name":"ok"}`)
	if err := d.WaitFor(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := d.Err(); err == nil || !strings.Contains(err.Error(), "datagram without the X-Ray header line") {
		t.Errorf("Err %v", err)
	}
	if d.Emitter() != nil {
		t.Error("a listened daemon has an emitter")
	}
	if err := d.Close(); err != nil {
		t.Error(err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if d.Len() != 1 {
		t.Errorf("documents lost at Close: %d", d.Len())
	}
}

func TestDaemonWithSharedDefaultEmitter(t *testing.T) {
	t.Parallel()
	d, err := xraytest.ListenDaemon()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx, err := xray.ContextWithConfig(context.Background(), xray.Config{DaemonAddr: d.Addr().String(), SamplingStrategy: xraytest.SampleAll()})
	if err != nil {
		t.Fatal(err)
	}
	checkout(ctx)
	d.WaitSegment(t, "checkout")
}
