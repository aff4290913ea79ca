package xray_test

import (
	"context"
	"fmt"
	"net"

	"github.com/aws/aws-xray-sdk-go/xray"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// Tracing a gRPC server and its clients: the server interceptors begin a
// segment per call (unary) or per stream (streaming), the client
// interceptors record each call or stream as a subsegment of the caller's
// segment and pass the trace on in the "x-amzn-trace-id" metadata.
func ExampleStreamClientInterceptor() {
	cfg := xray.GetRecorder(exampleContext())
	srv := grpc.NewServer(
		grpc.ChainUnaryInterceptor(xray.UnaryServerInterceptor(xray.WithRecorder(cfg))),
		grpc.ChainStreamInterceptor(xray.StreamServerInterceptor(xray.WithRecorder(cfg))),
	)
	healthpb.RegisterHealthServer(srv, health.NewServer())
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	go func() { _ = srv.Serve(lis) }()

	conn, err := grpc.NewClient(lis.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(xray.UnaryClientInterceptor()),
		grpc.WithChainStreamInterceptor(xray.StreamClientInterceptor()),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	client := healthpb.NewHealthClient(conn)

	ctx, seg := xray.BeginSegment(exampleContext(), "client")
	resp, err := client.Check(ctx, &healthpb.HealthCheckRequest{})
	fmt.Println("check:", resp.GetStatus(), err)

	// A server-streaming call: one subsegment from open to final status.
	watchCtx, stop := context.WithCancel(ctx)
	defer stop()
	stream, err := client.Watch(watchCtx, &healthpb.HealthCheckRequest{})
	if err != nil {
		fmt.Println(err)
		return
	}
	first, _ := stream.Recv()
	fmt.Println("watch:", first.GetStatus())
	stop()
	_, err = stream.Recv() // the final status: Canceled
	fmt.Println("watch ended:", err != nil)

	_ = conn.Close()
	srv.GracefulStop() // waits for the Watch handler, whose segment is sent
	seg.Close(nil)
	// Unordered output:
	// sent grpc.health.v1.Health (fault: false, annotations: [])
	// check: SERVING <nil>
	// watch: SERVING
	// watch ended: true
	// sent grpc.health.v1.Health (fault: false, annotations: [])
	// sent client (fault: false, annotations: [])
}
