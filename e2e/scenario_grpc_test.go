package e2e

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// TestGRPCUnary sends the documents of unary gRPC calls between an
// instrumented client and server on loopback (the standard health
// service): one that succeeds and one answered NotFound.
func TestGRPCUnary(t *testing.T) {
	c := setup(t)

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(grpc.UnaryInterceptor(xray.UnaryServerInterceptor()))
	hs := health.NewServer()
	hs.SetServingStatus("e2e.Orders", healthpb.HealthCheckResponse_SERVING)
	healthpb.RegisterHealthServer(srv, hs)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	t.Cleanup(func() {
		srv.Stop()
		<-served
	})

	conn, err := grpc.NewClient(lis.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithUnaryInterceptor(xray.UnaryClientInterceptor()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	client := healthpb.NewHealthClient(conn)

	ctx, root := xray.BeginSegment(context.Background(), "e2e-grpc")
	traceID, _ := ids(root)
	if _, err := client.Check(ctx, &healthpb.HealthCheckRequest{Service: "e2e.Orders"}); err != nil {
		t.Fatal(err)
	}
	_, err = client.Check(ctx, &healthpb.HealthCheckRequest{Service: "e2e.Unknown"})
	if status.Code(err) != codes.NotFound {
		t.Fatalf("Check(unknown) = %v, want NotFound", err)
	}
	root.Close(nil)

	// root + 2 client subsegments + 2 server segments
	spans := c.waitTrace(t, traceID, 5)
	r := byName(t, spans, "e2e-grpc")
	const service = "grpc.health.v1.Health"
	url := "grpc://" + lis.Addr().String() + "/" + service + "/Check"
	var clients, servers []span
	for _, s := range named(spans, service) {
		s.wantAttr(t, "http.url", url)
		s.wantAttr(t, "http.method", "POST")
		if s.ParentID == r.SpanID {
			clients = append(clients, s)
		} else {
			servers = append(servers, s)
		}
	}
	if len(clients) != 2 || len(servers) != 2 {
		t.Fatalf("want 2 client subsegments and 2 server segments:\n%s", describe(spans))
	}
	for i, cl := range clients {
		wantChild(t, r, cl)
		if cl.Kind != kindClient {
			t.Errorf("client subsegment kind %d, want client", cl.Kind)
		}
		sv := servers[i]
		if sv.ParentID != cl.SpanID {
			t.Errorf("server segment %d parent %s, want the client subsegment %s", i, sv.ParentID, cl.SpanID)
		}
		ua, _ := sv.attr(t, "http.user_agent").(string)
		if !strings.HasPrefix(ua, "grpc-go/") {
			t.Errorf("server user agent %q", ua)
		}
	}
	if clients[0].Status != statusUnset || servers[0].Status != statusUnset {
		t.Errorf("successful call: status client %d server %d", clients[0].Status, servers[0].Status)
	}
	if _, ok := clients[0].Attrs["http.response_content_length"]; !ok {
		t.Errorf("successful call: no response size on the client subsegment: %v", clients[0].Attrs)
	}
	wantException(t, clients[1], "", "unknown service")
}
