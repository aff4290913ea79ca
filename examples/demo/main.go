// Command demo runs a small traced application and shows its traces.
//
// With no X-Ray daemon around, the demo receives its own segment documents
// on a UDP socket on 127.0.0.1 and draws each trace as a waterfall in the
// terminal. With AWS_XRAY_DAEMON_ADDRESS set, the documents go to that daemon
// instead and nothing is drawn.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-xray-sdk-go/internal/waterfall"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// sampleEverything is a local rule file that traces every request, so the
// demo shows every scenario.
const sampleEverything = `{"version": 2, "default": {"fixed_target": 1, "rate": 1.0}}`

func main() {
	quiet := flag.Duration("settle", 400*time.Millisecond, "how long to wait for late documents")
	flag.Parse()
	if err := run(*quiet); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(settle time.Duration) error {
	xray.SetLogger(xraylog.NewDefaultLogger(os.Stderr, xraylog.LogLevelWarn))

	strategy, err := sampling.NewLocalizedStrategyFromJSONBytes([]byte(sampleEverything))
	if err != nil {
		return err
	}
	external := os.Getenv("AWS_XRAY_DAEMON_ADDRESS")
	var sink *receiver
	cfg := xray.Config{SamplingStrategy: strategy, ServiceVersion: "demo"}
	if external == "" {
		sink, err = listen()
		if err != nil {
			return err
		}
		defer sink.Close()
		cfg.DaemonAddr = sink.Addr()
	}
	if err := xray.Configure(cfg); err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	want := 0
	for _, sc := range scenarios {
		fmt.Fprintf(os.Stderr, "running %-28s", sc.name)
		start := time.Now()
		if err := sc.run(ctx); err != nil {
			fmt.Fprintf(os.Stderr, " failed: %v\n", err)
			continue
		}
		want += sc.traces
		fmt.Fprintf(os.Stderr, " done in %v\n", time.Since(start).Round(time.Millisecond))
	}

	if sink == nil {
		fmt.Printf("sent the demo's traces to the daemon at %s\n", external)
		return nil
	}
	traces := sink.Wait(ctx, want, settle)
	style := waterfall.Style{Color: colourful(os.Stdout)}
	fmt.Println()
	for _, t := range traces {
		waterfall.Render(os.Stdout, t, style)
		fmt.Println()
	}
	fmt.Printf("%d traces, %d documents received on %s\n", len(traces), sink.Documents(), sink.Addr())
	return nil
}

// colourful reports whether f is a terminal that wants colours.
func colourful(f *os.File) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
