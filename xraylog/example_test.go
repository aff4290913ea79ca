package xraylog_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-xray-sdk-go/xraylog"
)

type text string

func (t text) String() string { return string(t) }

// stripTime drops the timestamp so the example output is stable.
type stripTime struct{}

func (stripTime) Write(p []byte) (int, error) {
	_, line, _ := strings.Cut(string(p), " ")
	fmt.Fprint(os.Stdout, line)
	return len(p), nil
}

func ExampleNewDefaultLogger() {
	l := xraylog.NewDefaultLogger(stripTime{}, xraylog.LogLevelWarn)
	l.Log(xraylog.LogLevelInfo, text("not printed: below WARN"))
	l.Log(xraylog.LogLevelError, text("Error dialing emitter address 127.0.0.1:2000: refused"))
	// Output:
	// [ERROR] Error dialing emitter address 127.0.0.1:2000: refused
}

func ExampleLogLevel_String() {
	fmt.Println(xraylog.LogLevelDebug, xraylog.LogLevelError, xraylog.LogLevel(9))
	// Output:
	// DEBUG ERROR UNKNOWNLOGLEVEL9
}
