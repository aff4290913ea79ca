package ec2

import (
	"strings"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logtest"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

func TestEndpoint(t *testing.T) {
	if imdsAddress != "http://169.254.169.254" {
		t.Fatalf("imdsAddress = %q", imdsAddress)
	}
	for _, tc := range []struct{ env, want string }{
		{"", defaultEndpoint},
		{"http://127.0.0.1:1234", "http://127.0.0.1:1234"},
		{"http://127.0.0.1:1234/", "http://127.0.0.1:1234"},
		{"http://[fd00:ec2::254]", "http://[fd00:ec2::254]"},
		{"https://imds.example:8443//", "https://imds.example:8443"},
	} {
		t.Setenv(endpointEnv, tc.env)
		got, err := endpoint()
		if err != nil || got != tc.want {
			t.Errorf("%s=%q: endpoint() = %q, %v; want %q", endpointEnv, tc.env, got, err, tc.want)
		}
	}
}

func TestInitRejectsBadEndpoint(t *testing.T) {
	for _, env := range []string{"127.0.0.1:1234", "ftp://127.0.0.1", "http://", "http://%zz", "/latest"} {
		t.Run(env, func(t *testing.T) {
			resetPlugins(t)
			t.Setenv(endpointEnv, env)
			lr := logtest.Capture(t)

			Init()

			wantNothingRecorded(t)
			line := lr.WantOne(t, xraylog.LogLevelError, "Unable to read EC2 instance metadata: xray: invalid AWS_EC2_METADATA_SERVICE_ENDPOINT ")
			if !strings.Contains(line, env) {
				t.Errorf("ERROR line %q does not quote the value", line)
			}
			if got := lr.At(xraylog.LogLevelDebug); len(got) != 0 {
				t.Errorf("a request was attempted: %q", got)
			}
		})
	}
}

// The guard installed by TestMain must be what an unset variable leads to.
func TestUnsetEndpointHitsGuardNotIMDS(t *testing.T) {
	if defaultEndpoint == imdsAddress || !strings.HasPrefix(defaultEndpoint, "http://127.0.0.1:") {
		t.Fatalf("test guard not installed: defaultEndpoint = %q", defaultEndpoint)
	}
	// Checked without a request: a request would count as a guard hit.
	t.Setenv(endpointEnv, "")
	if got, _ := endpoint(); got != defaultEndpoint {
		t.Fatalf("unset %s resolves to %q", endpointEnv, got)
	}
}
