package main

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// Prices come from the pricing service, a fasthttp server traced by the
// X-Ray fasthttp instrumentor. The storefront calls it with its traced HTTP
// client, so the pricing segment joins the shopper's trace.

var pricingService struct {
	once sync.Once
	url  string
	err  error
}

// pricingURL starts the pricing service on first use.
func pricingURL() (string, error) {
	pricingService.once.Do(func() {
		handler := xray.NewFastHTTPInstrumentor(nil).Handler(xray.NewFixedSegmentNamer("pricing"),
			func(ctx *fasthttp.RequestCtx) {
				// The request context holds the segment.
				_ = xray.AddAnnotation(ctx, "sku", string(ctx.QueryArgs().Peek("sku")))
				_ = xray.Capture(ctx, "apply-discounts", func(context.Context) error {
					time.Sleep(time.Millisecond)
					return nil
				})
				ctx.SetContentType("application/json")
				ctx.SetBodyString(`{"price":19.99,"currency":"EUR"}`)
			})
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			pricingService.err = err
			return
		}
		srv := &fasthttp.Server{Handler: handler, ReadTimeout: 5 * time.Second}
		go func() { _ = srv.Serve(lis) }()
		register("pricing.demo", lis.Addr().String())
		pricingService.url = "http://pricing.demo"
	})
	return pricingService.url, pricingService.err
}

func init() {
	routes.HandleFunc("GET /prices/{sku}", func(w http.ResponseWriter, r *http.Request) {
		base, err := pricingURL()
		if err == nil {
			err = call(r.Context(), http.MethodGet, base+"/price?sku="+r.PathValue("sku"), http.StatusOK)
		}
		if err != nil {
			fail(w, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"sku":"` + r.PathValue("sku") + `","price":19.99}`))
	})

	scenarios = append(scenarios, scenario{name: "show price (fasthttp)", traces: 1, run: func(ctx context.Context) error {
		if _, err := pricingURL(); err != nil {
			return err
		}
		return visit(ctx, http.MethodGet, "/prices/book-1", http.StatusOK)
	}})
}
