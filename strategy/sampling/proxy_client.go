package sampling

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/aws/aws-xray-sdk-go/daemoncfg"
)

// Limits that keep a broken or hostile proxy from holding the pollers or
// memory.
const (
	proxyRequestTimeout = 5 * time.Second // per attempt, body included
	maxProxyResponse    = 4 << 20         // bytes per response
	maxRulePages        = 100             // GetSamplingRules pages per fetch
	maxErrorBody        = 256             // bytes of an error body quoted in errors
)

var proxyUserAgent = fmt.Sprintf("aws-xray-sdk-go/sampling (%s; %s; %s)", runtime.Version(), runtime.GOOS, runtime.GOARCH)

// proxyClient talks to the daemon's sampling proxy: unsigned JSON POSTs to
// the daemon's TCP address. It reads the address at every request, so that
// a strategy follows LoadDaemonEndpoints.
type proxyClient struct {
	endpoints  *atomic.Pointer[daemoncfg.DaemonEndpoints]
	transport  *http.Transport
	http       *http.Client
	maxRetries int
	backoff    time.Duration // first retry delay; doubles per retry
}

func newProxyClient(endpoints *atomic.Pointer[daemoncfg.DaemonEndpoints], maxRetries int, backoff time.Duration) *proxyClient {
	// A transport of its own, configured like the default one (proxy
	// variables included), so that Close can drop its connections.
	var tr *http.Transport
	if base, ok := http.DefaultTransport.(*http.Transport); ok {
		tr = base.Clone()
	} else {
		tr = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	return &proxyClient{
		endpoints:  endpoints,
		transport:  tr,
		http:       &http.Client{Transport: tr, Timeout: proxyRequestTimeout},
		maxRetries: maxRetries,
		backoff:    backoff,
	}
}

// close drops the client's idle connections (and their goroutines).
func (c *proxyClient) close() { c.transport.CloseIdleConnections() }

// getSamplingRules returns the rule records of every page, following
// NextToken until the proxy sends none.
func (c *proxyClient) getSamplingRules(ctx context.Context) ([]json.RawMessage, error) {
	var records []json.RawMessage
	seen := make(map[string]bool)
	body := []byte("{}")
	for page := 0; ; page++ {
		if page == maxRulePages {
			return nil, fmt.Errorf("xray: GetSamplingRules: more than %d pages", maxRulePages)
		}
		var p rulesPage
		if err := c.call(ctx, "/GetSamplingRules", body, &p); err != nil {
			return nil, err
		}
		records = append(records, p.SamplingRuleRecords...)
		if p.NextToken == nil || *p.NextToken == "" {
			return records, nil
		}
		token := *p.NextToken
		if seen[token] {
			return nil, fmt.Errorf("xray: GetSamplingRules: NextToken %q repeated", truncate(token))
		}
		seen[token] = true
		var err error
		if body, err = json.Marshal(rulesRequest{NextToken: token}); err != nil {
			return nil, fmt.Errorf("xray: GetSamplingRules: %w", err)
		}
	}
}

// getSamplingTargets reports statistics and returns the new targets.
func (c *proxyClient) getSamplingTargets(ctx context.Context, docs []statisticsDocument) (*targetsResponse, error) {
	body, err := json.Marshal(targetsRequest{SamplingStatisticsDocuments: docs})
	if err != nil {
		return nil, fmt.Errorf("xray: SamplingTargets: %w", err)
	}
	out := &targetsResponse{}
	if err := c.call(ctx, "/SamplingTargets", body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// call POSTs body to path and decodes the response into out, retrying
// transport failures, throttling and server errors with exponential backoff.
func (c *proxyClient) call(ctx context.Context, path string, body []byte, out any) error {
	for attempt := 0; ; attempt++ {
		retryable, err := c.attempt(ctx, path, body, out)
		if err == nil || !retryable || attempt >= c.maxRetries {
			return err
		}
		delay := c.backoff << attempt
		delay += rand.N(delay/2 + 1)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

func (c *proxyClient) attempt(ctx context.Context, path string, body []byte, out any) (retryable bool, err error) {
	ep := c.endpoints.Load()
	if ep == nil || ep.TCPAddr == nil {
		return false, errors.New("xray: no daemon TCP address for the sampling proxy")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "", bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("xray: sampling proxy %s: %w", path, err)
	}
	req.URL = &url.URL{Scheme: "http", Host: ep.TCPAddr.String(), Path: path}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", proxyUserAgent)
	resp, err := c.http.Do(req)
	if err != nil {
		return ctx.Err() == nil, fmt.Errorf("xray: sampling proxy %s: %w", path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxProxyResponse+1))
	if err != nil {
		return ctx.Err() == nil, fmt.Errorf("xray: sampling proxy %s: reading response: %w", path, err)
	}
	if len(data) > maxProxyResponse {
		return false, fmt.Errorf("xray: sampling proxy %s: response larger than %d bytes", path, maxProxyResponse)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		retry := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
		return retry, fmt.Errorf("xray: sampling proxy %s: HTTP %d: %q", path, resp.StatusCode, truncate(string(data)))
	}
	if err := json.Unmarshal(data, out); err != nil {
		return false, fmt.Errorf("xray: sampling proxy %s: decoding response: %w", path, err)
	}
	return false, nil
}

// truncate shortens s for an error message.
func truncate(s string) string {
	if len(s) > maxErrorBody {
		return s[:maxErrorBody] + "..."
	}
	return s
}
