package sampling

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/daemoncfg"
)

// GetSamplingRules starts with the body {} and follows NextToken until the
// proxy sends none; the rules of every page are used.
func TestRulesPagination(t *testing.T) {
	h := newHarness(t).manual()
	pages := map[string]string{
		`{}`:                   `{"SamplingRuleRecords":[` + customRule("p1", 1, 0, 0).record() + `],"NextToken":"t1"}`,
		`{"NextToken":"t1"}`:   `{"SamplingRuleRecords":[` + customRule("p2", 2, 0, 0).record() + `],"NextToken":"t\"2"}`,
		`{"NextToken":"t\"2"}`: `{"SamplingRuleRecords":[` + defaultRule(0, 0).record() + `],"NextToken":""}`,
	}
	h.d.setRulesHandler(func(body string) (int, string) {
		if resp, ok := pages[body]; ok {
			return 200, resp
		}
		t.Errorf("unexpected GetSamplingRules body %s", body)
		return 400, `{}`
	})
	mustNoErr(t, h.refreshRules())
	var bodies []string
	for _, c := range h.d.calls("/GetSamplingRules") {
		bodies = append(bodies, c.body)
	}
	if got, want := strings.Join(bodies, " "), `{} {"NextToken":"t1"} {"NextToken":"t\"2"}`; got != want {
		t.Errorf("bodies %s, want %s", got, want)
	}
	m := h.s.manifest.Load()
	if got := strings.Join(names(m), ","); got != "p1,p2" || m.Default == nil {
		t.Errorf("rules %s, default %v", got, m.Default)
	}
}

func TestRulesPaginationHostile(t *testing.T) {
	t.Run("repeated token", func(t *testing.T) {
		h := newHarness(t).manual()
		h.d.setRulesHandler(func(string) (int, string) { return 200, `{"SamplingRuleRecords":[],"NextToken":"again"}` })
		err := h.refreshRules()
		if err == nil || !strings.Contains(err.Error(), "repeated") {
			t.Errorf("error = %v", err)
		}
		if n := len(h.d.calls("/GetSamplingRules")); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
	t.Run("endless pages", func(t *testing.T) {
		h := newHarness(t).manual()
		var n atomic.Int64
		h.d.setRulesHandler(func(string) (int, string) {
			return 200, fmt.Sprintf(`{"SamplingRuleRecords":[],"NextToken":"t%d"}`, n.Add(1))
		})
		err := h.refreshRules()
		if err == nil || !strings.Contains(err.Error(), "more than 100 pages") {
			t.Errorf("error = %v", err)
		}
		if h.s.manifest.Load() != nil {
			t.Error("rules published from an unfinished fetch")
		}
	})
	t.Run("huge response", func(t *testing.T) {
		h := newHarness(t).manual()
		big := `{"SamplingRuleRecords":[],"x":"` + strings.Repeat("a", maxProxyResponse) + `"}`
		h.d.setRulesHandler(func(string) (int, string) { return 200, big })
		err := h.refreshRules()
		if err == nil || !strings.Contains(err.Error(), "larger than") {
			t.Errorf("error = %v", err)
		}
	})
}

func TestProxyHeaders(t *testing.T) {
	h := newHarness(t).manual()
	mustNoErr(t, h.refreshRules())
	c := h.d.calls("/GetSamplingRules")[0]
	if c.body != "{}" {
		t.Errorf("body %q, want {}", c.body)
	}
	if ua := c.header.Get("User-Agent"); !strings.HasPrefix(ua, "aws-xray-sdk-go/") {
		t.Errorf("User-Agent %q", ua)
	}
}

// Server errors and throttling are retried up to 3 times; client errors
// are not.
func TestProxyRetries(t *testing.T) {
	tests := []struct {
		name     string
		statuses []int
		ok       bool
		calls    int
	}{
		{"503 then 200", []int{503, 503, 200}, true, 3},
		{"429 then 200", []int{429, 200}, true, 2},
		{"500 four times", []int{500, 500, 500, 500, 200}, false, 4},
		{"400 not retried", []int{400, 200}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t).manual()
			var n atomic.Int64
			h.d.setRulesHandler(func(string) (int, string) {
				return tt.statuses[n.Add(1)-1], `{"SamplingRuleRecords":[]}`
			})
			err := h.refreshRules()
			if (err == nil) != tt.ok {
				t.Errorf("error = %v, want success %t", err, tt.ok)
			}
			if got := len(h.d.calls("/GetSamplingRules")); got != tt.calls {
				t.Errorf("%d calls, want %d", got, tt.calls)
			}
		})
	}
}

// Connection failures are retried, then reported.
func TestProxyUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	mustNoErr(t, err)
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	h := newHarness(t).manual()
	h.s.LoadDaemonEndpoints(endpointsOf(t, addr))
	err = h.refreshRules()
	if err == nil || !strings.Contains(err.Error(), "xray: sampling proxy /GetSamplingRules") {
		t.Errorf("error = %v", err)
	}
}

// A proxy that never answers is abandoned when the strategy closes.
func TestProxyCancelledByClose(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	h := newHarness(t)
	h.s.LoadDaemonEndpoints(endpointsOf(t, srv.Listener.Addr().String()))
	h.decide(Request{}) // starts the pollers; the first fetch hangs
	done := make(chan struct{})
	go func() {
		h.s.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Close did not return while the proxy hung")
	}
	if err := h.wait("rules"); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("initial fetch error = %v, want cancellation", err)
	}
}

// The proxy is reached over IPv6 too.
func TestProxyIPv6(t *testing.T) {
	l, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	d := newFakeDaemon(t)
	srv := httptest.NewUnstartedServer(d.srv.Config.Handler)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	defer srv.Close()
	h := newHarness(t).manual()
	h.s.LoadDaemonEndpoints(&daemoncfg.DaemonEndpoints{TCPAddr: l.Addr().(*net.TCPAddr)})
	d.setRules(defaultRule(1, 0).record())
	mustNoErr(t, h.refreshRules())
	if len(d.calls("/GetSamplingRules")) != 1 {
		t.Error("no request reached [::1]")
	}
}

func TestProxyWithoutEndpoints(t *testing.T) {
	var eps atomic.Pointer[daemoncfg.DaemonEndpoints]
	c := newProxyClient(&eps, 0, 0)
	defer c.close()
	if _, err := c.getSamplingRules(context.Background()); err == nil {
		t.Error("no error without an address")
	}
}
