// Command grpcstream traces a server-streaming gRPC call: the stream
// interceptors record the whole stream as one segment on the server and one
// subsegment on the client, with the number of messages. It prints the
// documents the SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// numbers streams one message per requested response.
type numbers struct {
	testgrpc.UnimplementedTestServiceServer
}

func (numbers) StreamingOutputCall(req *testgrpc.StreamingOutputCallRequest, stream testgrpc.TestService_StreamingOutputCallServer) error {
	// The stream's segment is in its context.
	_ = xray.AddAnnotation(stream.Context(), "requested", len(req.GetResponseParameters()))
	for _, p := range req.GetResponseParameters() {
		body := make([]byte, p.GetSize())
		if err := stream.Send(&testgrpc.StreamingOutputCallResponse{Payload: &testgrpc.Payload{Body: body}}); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	printDocuments()

	namer := xray.WithSegmentNamer(xray.NewFixedSegmentNamer("numbers"))
	srv := grpc.NewServer(grpc.ChainStreamInterceptor(xray.StreamServerInterceptor(namer)))
	testgrpc.RegisterTestServiceServer(srv, numbers{})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go func() { _ = srv.Serve(lis) }()
	defer srv.GracefulStop()

	conn, err := grpc.NewClient(lis.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainStreamInterceptor(xray.StreamClientInterceptor(namer)),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	ctx, seg := xray.BeginSegment(context.Background(), "number-reader")
	stream, err := testgrpc.NewTestServiceClient(conn).StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{
		ResponseParameters: []*testgrpc.ResponseParameters{{Size: 1}, {Size: 2}, {Size: 3}},
	})
	if err != nil {
		log.Fatal(err)
	}
	received := 0
	for {
		// The subsegment ends when the stream does (io.EOF: status OK).
		if _, err := stream.Recv(); err == io.EOF {
			break
		} else if err != nil {
			log.Fatal(err)
		}
		received++
	}
	seg.Close(nil)
	fmt.Println("messages received:", received)
}

// printDocuments makes the SDK sample everything and print each document
// instead of sending it to the X-Ray daemon. In production leave Emitter
// unset: documents go to AWS_XRAY_DAEMON_ADDRESS (127.0.0.1:2000 by default).
func printDocuments() {
	all, err := sampling.NewLocalizedStrategyFromJSONBytes([]byte(`{"version": 2, "default": {"fixed_target": 1, "rate": 1.0}}`))
	if err == nil {
		err = xray.Configure(xray.Config{SamplingStrategy: all, Emitter: xray.NewDocumentEmitter(printDocument)})
	}
	if err != nil {
		log.Fatal(err)
	}
}

func printDocument(doc []byte) {
	var out bytes.Buffer
	_ = json.Indent(&out, doc, "", "  ")
	fmt.Printf("sent %s\n", out.Bytes())
}
