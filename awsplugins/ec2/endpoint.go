package ec2

import (
	"fmt"
	"net/url"
	"os"
	"strings"
)

// imdsAddress is the instance metadata service's link-local address.
const imdsAddress = "http://169.254.169.254"

// endpointEnv names the environment variable that replaces imdsAddress.
const endpointEnv = "AWS_EC2_METADATA_SERVICE_ENDPOINT"

// defaultEndpoint is the base address used when endpointEnv is unset or
// empty. It is a variable only so that tests can point it somewhere harmless.
var defaultEndpoint = imdsAddress

// endpoint returns the metadata service's base address, without a trailing
// slash. A set but unusable endpointEnv is an error rather than a silent
// fallback to the real service.
func endpoint() (string, error) {
	raw := os.Getenv(endpointEnv)
	if raw == "" {
		return defaultEndpoint, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("xray: invalid %s %q: %w", endpointEnv, raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("xray: invalid %s %q: want http://host[:port] or https://host[:port]", endpointEnv, raw)
	}
	return strings.TrimRight(raw, "/"), nil
}
