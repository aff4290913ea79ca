package xrayslog_test

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraylog"
	"github.com/aws/aws-xray-sdk-go/xraylog/xrayslog"
)

// withoutTime drops the time attribute so that the output is stable.
func withoutTime(groups []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey && len(groups) == 0 {
		return slog.Attr{}
	}
	return a
}

func ExampleNewHandler() {
	log := slog.New(xrayslog.NewHandler(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: withoutTime})))

	// A context holding an entity of a known trace (in a real program:
	// the request's context inside xray.Handler, Capture, a Lambda
	// handler...).
	h := header.FromString("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
	ctx, _ := xray.BeginFacadeSegment(context.Background(), "lambda", h)

	log.InfoContext(ctx, "order placed", "order", 42)
	log.Info("no context, no trace")
	// Output:
	// level=INFO msg="order placed" order=42 AWS-XRAY-TRACE-ID=1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8
	// level=INFO msg="no context, no trace"
}

func ExampleNewLogger() {
	sdkLog := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: withoutTime}))
	xray.SetLogger(xrayslog.NewLogger(sdkLog.With("component", "xray")))
	defer xray.SetLogger(xraylog.NewDefaultLogger(os.Stdout, xraylog.LogLevelInfo))

	// No segment in the context: the SDK logs an error through slog.
	_, sub := xray.BeginSubsegment(context.Background(), "lookup")
	sub.Close(nil)
	// Output:
	// level=ERROR msg="Suppressing AWS X-Ray context missing panic: failed to begin subsegment named 'lookup': segment cannot be found." component=xray
}
