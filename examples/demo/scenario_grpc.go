package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// Stock levels come from the inventory service, a gRPC server traced by the
// X-Ray server interceptors; the storefront calls it with a unary call (the
// current stock) and a server stream (the restock forecast), traced by the
// client interceptors. (The service reuses gRPC's interop test protocol so
// that the demo needs no generated code of its own.)

// inventory answers UnaryCall with the stock level and streams one forecast
// message per requested response on StreamingOutputCall.
type inventory struct {
	testgrpc.UnimplementedTestServiceServer
}

func (inventory) UnaryCall(ctx context.Context, req *testgrpc.SimpleRequest) (*testgrpc.SimpleResponse, error) {
	_ = xray.Capture(ctx, "count-stock", func(context.Context) error { return nil })
	return &testgrpc.SimpleResponse{Payload: &testgrpc.Payload{Body: []byte("12 in stock")}}, nil
}

func (inventory) StreamingOutputCall(req *testgrpc.StreamingOutputCallRequest, stream testgrpc.TestService_StreamingOutputCallServer) error {
	_ = xray.AddAnnotation(stream.Context(), "weeks", len(req.GetResponseParameters()))
	for range req.GetResponseParameters() {
		if err := stream.Send(&testgrpc.StreamingOutputCallResponse{Payload: &testgrpc.Payload{Body: []byte("+5")}}); err != nil {
			return err
		}
	}
	return nil
}

var inventoryService struct {
	once   sync.Once
	client testgrpc.TestServiceClient
	err    error
}

// inventoryClient starts the inventory server and connects to it on first
// use.
func inventoryClient() (testgrpc.TestServiceClient, error) {
	inventoryService.once.Do(func() {
		named := xray.WithSegmentNamer(xray.NewFixedSegmentNamer("inventory"))
		srv := grpc.NewServer(
			grpc.ChainUnaryInterceptor(xray.UnaryServerInterceptor(named)),
			grpc.ChainStreamInterceptor(xray.StreamServerInterceptor(named)),
		)
		testgrpc.RegisterTestServiceServer(srv, inventory{})
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			inventoryService.err = err
			return
		}
		go func() { _ = srv.Serve(lis) }()
		conn, err := grpc.NewClient(lis.Addr().String(),
			grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithChainUnaryInterceptor(xray.UnaryClientInterceptor(named)),
			grpc.WithChainStreamInterceptor(xray.StreamClientInterceptor(named)),
		)
		if err != nil {
			inventoryService.err = err
			return
		}
		inventoryService.client = testgrpc.NewTestServiceClient(conn)
	})
	return inventoryService.client, inventoryService.err
}

// stock asks the inventory for the current level and the forecast.
func stock(ctx context.Context) error {
	inv, err := inventoryClient()
	if err != nil {
		return err
	}
	if _, err := inv.UnaryCall(ctx, &testgrpc.SimpleRequest{}); err != nil {
		return err
	}
	forecast, err := inv.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{
		ResponseParameters: []*testgrpc.ResponseParameters{{}, {}, {}},
	})
	if err != nil {
		return err
	}
	for {
		_, err := forecast.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func init() {
	routes.HandleFunc("GET /stock/{sku}", func(w http.ResponseWriter, r *http.Request) {
		_ = xray.AddAnnotation(r.Context(), "sku", r.PathValue("sku"))
		if err := stock(r.Context()); err != nil {
			fail(w, err)
			return
		}
		_, _ = io.WriteString(w, "12 in stock, 15 more within 3 weeks\n")
	})

	scenarios = append(scenarios, scenario{name: "check stock (gRPC + stream)", traces: 1, run: func(ctx context.Context) error {
		if _, err := inventoryClient(); err != nil {
			return err
		}
		return visit(ctx, http.MethodGet, "/stock/book-1", http.StatusOK)
	}})
}
