package xray

import (
	"context"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
)

// database/sql opens pooled connections from its own goroutine, with a
// context that holds no segment. Such a connect must not reach the
// context-missing strategy: under RUNTIME_ERROR that would panic in a
// goroutine the program does not own and take the process down.
func TestSQLConnectWithoutSegmentIsUntracedAndNeverPanics(t *testing.T) {
	logs := captureLogs(t)
	ctx, err := ContextWithConfig(context.Background(), Config{
		ContextMissingStrategy: ctxmissing.NewDefaultRuntimeErrorStrategy(),
	})
	if err != nil {
		t.Fatal(err)
	}
	c := SQLConnector("nop://db", nopSQLConnector{})
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("Connect without a segment panicked: %v", p)
		}
	}()
	conn, err := c.Connect(ctx)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	if conn == nil {
		t.Fatal("Connect returned no connection")
	}
	_ = conn.Close()
	for _, l := range logs.Lines() {
		if l != "" && l[0] == 'E' {
			t.Errorf("unexpected error log: %q", l)
		}
	}
}

// With a segment in the context the connect is still traced as CONNECT.
func TestSQLConnectWithSegmentIsTraced(t *testing.T) {
	ctx, rec := newTestRecorder(t)
	ctx, seg := BeginSegment(ctx, "root")
	c := SQLConnector("nop://db", nopSQLConnector{})
	conn, err := c.Connect(ctx)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	_ = conn.Close()
	seg.Close(nil)
	docs := rec.Recv(t, 1)
	subs, _ := docs[0]["subsegments"].([]interface{})
	found := false
	for _, s := range subs {
		sql, _ := s.(map[string]interface{})["sql"].(map[string]interface{})
		if sql["sanitized_query"] == "CONNECT" {
			found = true
		}
	}
	if !found {
		t.Errorf("no CONNECT subsegment in %v", docs[0])
	}
}
