package xray

import (
	"net"
	"time"

	"github.com/valyala/fasthttp"
)

// fasthttp's background goroutines (the server's idle-worker cleaner, the
// client's idle-connection cleaner) sleep for these durations between
// checks; short ones let them notice the shutdown before goleak looks.
const fasthttpIdle = 5 * time.Millisecond

// newFastHTTPServer returns a server for tests. NoDefaultDate: the Date
// header would start a process-wide goroutine that never ends (goleak).
func newFastHTTPServer(h fasthttp.RequestHandler) *fasthttp.Server {
	return &fasthttp.Server{Handler: h, MaxIdleWorkerDuration: fasthttpIdle, NoDefaultDate: true}
}

func newFastHTTPClient(addr string, dial fasthttp.DialFunc) *fasthttp.HostClient {
	return &fasthttp.HostClient{Addr: addr, Dial: dial, MaxIdleConnDuration: fasthttpIdle}
}

var _ = net.Dial
