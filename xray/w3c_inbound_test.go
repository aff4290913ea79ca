package xray

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/valyala/fasthttp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// w3cServer sends one request to a traced server with the given
// X-Amzn-Trace-Id and traceparent values (each left out when "") and
// returns the X-Amzn-Trace-Id value the server answered with. rec receives
// the server's documents.
type w3cServer struct {
	send func(t *testing.T, traceHeader, traceparent string) (responseHeader string)
	rec  *testRecorder
}

// w3cInboundCase is one request and what the server's segment must say.
type w3cInboundCase struct {
	name        string
	on          bool
	traceHeader string
	traceparent string
	// continued: the segment continues wantTraceID with parent wantParent;
	// otherwise it begins a new trace without a parent.
	continued   bool
	wantTraceID string
	wantParent  string
}

const xrayCallerHeader = "Root=1-6a6a6a6a-0123456789abcdef01234567;Parent=1111222233334444;Sampled=1"

var w3cInboundCases = []w3cInboundCase{
	{name: "traceparent only", on: true, traceparent: w3cTraceparent,
		continued: true, wantTraceID: w3cTraceID, wantParent: w3cParentID},
	{name: "traceparent of a later version", on: true, traceparent: "cc" + w3cTraceparent[2:] + "-future",
		continued: true, wantTraceID: w3cTraceID, wantParent: w3cParentID},
	{name: "both headers: X-Ray wins", on: true, traceHeader: xrayCallerHeader, traceparent: w3cTraceparent,
		continued: true, wantTraceID: "1-6a6a6a6a-0123456789abcdef01234567", wantParent: "1111222233334444"},
	{name: "invalid version ff", on: true, traceparent: "ff" + w3cTraceparent[2:]},
	{name: "invalid upper case", on: true, traceparent: strings.ToUpper(w3cTraceparent)},
	{name: "invalid all-zero trace id", on: true, traceparent: "00-00000000000000000000000000000000-53995c3f42cd8ad8-01"},
	{name: "invalid all-zero parent id", on: true, traceparent: "00-5759e988bd862e3fe1be46a994272793-0000000000000000-01"},
	{name: "invalid length", on: true, traceparent: w3cTraceparent + "0"},
	{name: "invalid non-hex", on: true, traceparent: strings.Replace(w3cTraceparent, "e", "g", 1)},
	{name: "off", on: false, traceparent: w3cTraceparent},
}

// runW3CInbound runs every case against the server srv builds, then checks
// that a traceparent without the sampled flag continues the trace
// unsampled.
func runW3CInbound(t *testing.T, newServer func(t *testing.T) w3cServer) {
	for _, c := range w3cInboundCases {
		t.Run(c.name, func(t *testing.T) {
			if c.on {
				enableW3C(t)
			} else {
				disableW3C(t)
			}
			srv := newServer(t)
			answer := srv.send(t, c.traceHeader, c.traceparent)
			doc := srv.rec.Recv(t, 1)[0]
			traceID := str(t, doc, "trace_id")
			if c.continued {
				if traceID != c.wantTraceID || doc["parent_id"] != c.wantParent {
					t.Errorf("segment trace_id %q parent_id %v, want %q and %q", traceID, doc["parent_id"], c.wantTraceID, c.wantParent)
				}
			} else {
				if traceID == w3cTraceID || !traceIDPattern.MatchString(traceID) {
					t.Errorf("segment trace_id %q, want a new trace", traceID)
				}
				if p, ok := doc["parent_id"]; ok {
					t.Errorf("a new trace has parent_id %v", p)
				}
			}
			if !strings.HasPrefix(answer, "Root="+traceID) {
				t.Errorf("response X-Amzn-Trace-Id %q, want it to start with Root=%s", answer, traceID)
			}
		})
	}

	t.Run("traceparent not sampled", func(t *testing.T) {
		enableW3C(t)
		srv := newServer(t)
		answer := srv.send(t, "", w3cNotSampled)
		if !strings.HasPrefix(answer, "Root="+w3cTraceID) {
			t.Errorf("response X-Amzn-Trace-Id %q", answer)
		}
		// The unsampled segment is not sent: the next document is the
		// next request's.
		srv.send(t, "", w3cTraceparent)
		doc := srv.rec.Recv(t, 1)[0]
		if doc["parent_id"] != w3cParentID || srv.rec.Pending() != 0 {
			t.Errorf("the unsampled request was sent: %v (%d more)", doc, srv.rec.Pending())
		}
		if str(t, doc, "trace_id") != w3cTraceID {
			t.Errorf("trace_id %v", doc["trace_id"])
		}
	})
}

// w3cHandlerDone is a handler that answers 200 with no body.
var w3cHandlerDone = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})

func TestW3CInboundNetHTTP(t *testing.T) {
	for _, tls2 := range []bool{false, true} {
		name := "HTTP/1.1"
		if tls2 {
			name = "HTTP/2"
		}
		t.Run(name, func(t *testing.T) {
			runW3CInbound(t, func(t *testing.T) w3cServer {
				ctx, rec := newTestRecorder(t)
				srv, client := startHTTPServer(t, ctx, Handler(NewFixedSegmentNamer("w3c"), w3cHandlerDone), tls2)
				return w3cServer{rec: rec, send: func(t *testing.T, traceHeader, traceparent string) string {
					req, err := http.NewRequest(http.MethodGet, srv.URL+"/w3c", nil)
					if err != nil {
						t.Fatal(err)
					}
					if traceHeader != "" {
						req.Header.Set("X-Amzn-Trace-Id", traceHeader)
					}
					if traceparent != "" {
						req.Header.Set("traceparent", traceparent)
					}
					resp, err := client.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if tls2 && resp.ProtoMajor != 2 {
						t.Fatalf("protocol %s", resp.Proto)
					}
					return resp.Header.Get("X-Amzn-Trace-Id")
				}}
			})
		})
	}
}

// TestW3CInboundRepeatedTraceparent: two traceparent headers are not one
// trace context; they are ignored.
func TestW3CInboundRepeatedTraceparent(t *testing.T) {
	enableW3C(t)
	ctx, rec := newTestRecorder(t)
	srv, client := startHTTPServer(t, ctx, Handler(NewFixedSegmentNamer("w3c"), w3cHandlerDone), false)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Add("traceparent", w3cTraceparent)
	req.Header.Add("traceparent", w3cTraceparent)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if doc := rec.Recv(t, 1)[0]; doc["trace_id"] == w3cTraceID || doc["parent_id"] != nil {
		t.Errorf("repeated traceparent continued: %v", doc)
	}
}

func TestW3CInboundFastHTTP(t *testing.T) {
	runW3CInbound(t, func(t *testing.T) w3cServer {
		f := newFastHTTPFixture(t, "tcp", "127.0.0.1:0", nil, NewFixedSegmentNamer("w3c"), func(ctx *fasthttp.RequestCtx) {})
		return w3cServer{rec: f.rec, send: func(t *testing.T, traceHeader, traceparent string) string {
			_, _, answer := f.do(t, func(req *fasthttp.Request) {
				if traceHeader != "" {
					req.Header.Set("X-Amzn-Trace-Id", traceHeader)
				}
				if traceparent != "" {
					req.Header.Set("traceparent", traceparent)
				}
			})
			return answer
		}}
	})
}

func TestW3CInboundGRPCUnary(t *testing.T) {
	runW3CInbound(t, func(t *testing.T) w3cServer {
		f := newGRPCFixture(t, grpcFixtureOptions{noClientXRay: true})
		return w3cServer{rec: f.serverRec, send: func(t *testing.T, traceHeader, traceparent string) string {
			var md metadata.MD
			if _, err := f.echo(w3cOutgoing(traceHeader, traceparent), "ok", grpc.Header(&md)); err != nil {
				t.Fatal(err)
			}
			return strings.Join(md.Get(TraceIDHeaderKey), ",")
		}}
	})
}

func TestW3CInboundGRPCStream(t *testing.T) {
	runW3CInbound(t, func(t *testing.T) w3cServer {
		f := newGRPCFixture(t, grpcFixtureOptions{noClientXRay: true})
		return w3cServer{rec: f.serverRec, send: func(t *testing.T, traceHeader, traceparent string) string {
			cs, err := f.stream(w3cOutgoing(traceHeader, traceparent), listDesc)
			if err != nil {
				t.Fatal(err)
			}
			if err := cs.SendMsg(wrapperspb.String("1")); err != nil {
				t.Fatal(err)
			}
			if err := cs.CloseSend(); err != nil {
				t.Fatal(err)
			}
			for {
				if err := cs.RecvMsg(new(wrapperspb.StringValue)); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					t.Fatal(err)
				}
			}
			md, err := cs.Header()
			if err != nil {
				t.Fatal(err)
			}
			return strings.Join(md.Get(TraceIDHeaderKey), ",")
		}}
	})
}

// w3cOutgoing is a context whose outgoing gRPC metadata carries the given
// trace header and traceparent (each left out when "").
func w3cOutgoing(traceHeader, traceparent string) context.Context {
	var kv []string
	if traceHeader != "" {
		kv = append(kv, TraceIDHeaderKey, traceHeader)
	}
	if traceparent != "" {
		kv = append(kv, "traceparent", traceparent)
	}
	return metadata.AppendToOutgoingContext(context.Background(), kv...)
}
