package sampling_test

import (
	"fmt"

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
)

// A local rule file: requests to the checkout API are all sampled, others
// at one per second plus 5%.
func ExampleNewLocalizedStrategyFromJSONBytes() {
	rules := []byte(`{
		"version": 2,
		"default": {"fixed_target": 1, "rate": 0.05},
		"rules": [
			{"description": "checkout", "host": "*.example.com", "http_method": "POST", "url_path": "/checkout*", "fixed_target": 0, "rate": 1}
		]
	}`)
	s, err := sampling.NewLocalizedStrategyFromJSONBytes(rules)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := s.ShouldTrace(&sampling.Request{Host: "shop.example.com", Method: "POST", URL: "/checkout/pay"})
	fmt.Println("sampled:", d.Sample, "rule name:", d.Rule)
	// Output: sampled: true rule name: <nil>
}

// Rule files are validated when they are loaded.
func ExampleManifestFromJSONBytes() {
	_, err := sampling.ManifestFromJSONBytes([]byte(`{"version": 2, "rules": []}`))
	fmt.Println(err)
	_, err = sampling.ManifestFromJSONBytes([]byte(`{"version": 2, "default": {"fixed_target": 1, "rate": 0.05},
		"rules": [{"http_method": "GET", "url_path": "/"}]}`))
	fmt.Println(err)
	// Output:
	// sampling rule manifest must include a default rule
	// all non-default rules must have values for url_path, host, and http_method
}

// A centralized strategy does nothing until its first decision, which
// starts its pollers against the daemon. Close stops them when the
// strategy is no longer used.
func ExampleCentralizedStrategy_Close() {
	s, err := sampling.NewCentralizedStrategyWithJSONBytes([]byte(`{"version": 2, "default": {"fixed_target": 0, "rate": 0}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	// Pass s as xray.Config{SamplingStrategy: s}; xray.Configure points it at
	// the configured daemon address and closes it when it is replaced.
	fmt.Printf("%T\n", s)
	// Output: *sampling.CentralizedStrategy
}
