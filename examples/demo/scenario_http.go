package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// The demo application is a small shop. Its front door is the storefront,
// an HTTP service traced by xray.Handler; the integration scenarios add
// routes to it in their init functions and then send a shopper to them.
// Each visit is one trace: the shopper's segment, the traced client call,
// the storefront's segment and whatever the route's handler calls.

// routes are the storefront's routes.
var routes = http.NewServeMux()

// services maps the demo's host names (storefront.demo, pricing.demo) to the
// loopback addresses their servers listen on, so that traces show service
// names instead of 127.0.0.1 ports.
var services struct {
	sync.Mutex
	addrs map[string]string
}

// serve starts h on a loopback port under the host name name and returns
// the service's base URL. The servers live as long as the demo.
func serve(name string, h http.Handler) (string, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(lis) }()
	register(name, lis.Addr().String())
	return "http://" + name, nil
}

func register(name, addr string) {
	services.Lock()
	defer services.Unlock()
	if services.addrs == nil {
		services.addrs = make(map[string]string)
	}
	services.addrs[name] = addr
}

// transport dials the demo's host names on loopback; it resolves nothing
// else.
var transport = &http.Transport{
	DialContext: func(ctx context.Context, network, hostport string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(hostport)
		if err != nil {
			return nil, err
		}
		services.Lock()
		addr, ok := services.addrs[host]
		services.Unlock()
		if !ok {
			return nil, fmt.Errorf("demo: unknown service %q", host)
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	},
	MaxIdleConnsPerHost: 4,
}

// client is the traced HTTP client every demo service uses for outgoing
// calls: each request is a subsegment named after the host.
var client = xray.Client(&http.Client{Transport: transport, Timeout: 5 * time.Second})

var storefront struct {
	once sync.Once
	url  string
	err  error
}

// storefrontURL starts the storefront on first use.
func storefrontURL() (string, error) {
	storefront.once.Do(func() {
		storefront.url, storefront.err = serve("storefront.demo", xray.Handler(xray.NewFixedSegmentNamer("storefront"), routes))
	})
	return storefront.url, storefront.err
}

// visit is one shopper's request: a segment of its own around a traced
// call to the storefront. It fails if the answer's status is not want.
func visit(ctx context.Context, method, path string, want int) error {
	base, err := storefrontURL()
	if err != nil {
		return err
	}
	ctx, seg := xray.BeginSegment(ctx, "shopper")
	defer seg.Close(nil)
	_ = xray.AddAnnotation(ctx, "route", method+" "+path)
	return call(ctx, method, base+path, want)
}

// call sends a request with the traced client and checks its status.
func call(ctx context.Context, method, url string, want int) error {
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d", method, url, resp.StatusCode, want)
	}
	return nil
}

// fail answers 500 with err's text.
func fail(w http.ResponseWriter, err error) {
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

func init() {
	routes.HandleFunc("GET /products", func(w http.ResponseWriter, r *http.Request) {
		_ = xray.AddAnnotation(r.Context(), "category", r.URL.Query().Get("category"))
		_ = xray.Capture(r.Context(), "render-catalog", func(context.Context) error {
			time.Sleep(2 * time.Millisecond)
			_, err := io.WriteString(w, "books, games, tea\n")
			return err
		})
	})
	// The error path: the payment step fails, the storefront answers 500
	// and both its segment and the shopper's call are faults.
	routes.HandleFunc("POST /payments", func(w http.ResponseWriter, r *http.Request) {
		err := xray.Capture(r.Context(), "charge-card", func(context.Context) error {
			time.Sleep(time.Millisecond)
			return errors.New("payment processor unavailable")
		})
		fail(w, err)
	})
	// A throttled call: the search is rate limited (429 sets error and
	// throttle on both sides).
	routes.HandleFunc("GET /search", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "too many searches, retry in a second", http.StatusTooManyRequests)
	})

	scenarios = append(scenarios,
		scenario{name: "browse products (HTTP)", traces: 1, run: func(ctx context.Context) error {
			return visit(ctx, http.MethodGet, "/products?category=books", http.StatusOK)
		}},
		scenario{name: "failed payment (HTTP 500)", traces: 1, run: func(ctx context.Context) error {
			return visit(ctx, http.MethodPost, "/payments", http.StatusInternalServerError)
		}},
		scenario{name: "rate-limited search (429)", traces: 1, run: func(ctx context.Context) error {
			return visit(ctx, http.MethodGet, "/search?q=tea", http.StatusTooManyRequests)
		}},
	)
}
