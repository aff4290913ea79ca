package sampling

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestManifestFromJSONBytesErrors(t *testing.T) {
	tests := []struct {
		name, json, err string
	}{
		{"version missing", `{"default":{"fixed_target":1,"rate":0.05}}`, "sampling rule manifest version 0 not supported"},
		{"version 3", `{"version":3,"default":{"fixed_target":1,"rate":0.05}}`, "sampling rule manifest version 3 not supported"},
		{"version -1", `{"version":-1,"default":{}}`, "sampling rule manifest version -1 not supported"},
		{"no default", `{"version":2,"rules":[]}`, "sampling rule manifest must include a default rule"},
		{"null default", `{"version":2,"default":null}`, "sampling rule manifest must include a default rule"},
		{"default url_path", `{"version":2,"default":{"url_path":"/a","fixed_target":1,"rate":0.05}}`, "the default rule must not specify values for url_path, service_name, or http_method"},
		{"default service_name", `{"version":1,"default":{"service_name":"a","fixed_target":1,"rate":0.05}}`, "the default rule must not specify values for url_path, service_name, or http_method"},
		{"default http_method", `{"version":2,"default":{"http_method":"GET","fixed_target":1,"rate":0.05}}`, "the default rule must not specify values for url_path, service_name, or http_method"},
		{"default negative target", `{"version":2,"default":{"fixed_target":-1,"rate":0.05}}`, "the default rule must specify non-negative values for fixed_target and rate"},
		{"default negative rate", `{"version":2,"default":{"fixed_target":1,"rate":-0.5}}`, "the default rule must specify non-negative values for fixed_target and rate"},
		{"rule negative target", `{"version":2,"default":{"fixed_target":1,"rate":0.05},"rules":[{"host":"*","http_method":"*","url_path":"*","fixed_target":-2,"rate":0.1}]}`, "all rules must have non-negative values for fixed_target and rate"},
		{"rule negative rate", `{"version":1,"default":{"fixed_target":1,"rate":0.05},"rules":[{"service_name":"*","http_method":"*","url_path":"*","fixed_target":2,"rate":-0.1}]}`, "all rules must have non-negative values for fixed_target and rate"},
		{"v2 rule without host", `{"version":2,"default":{},"rules":[{"http_method":"*","url_path":"*"}]}`, "all non-default rules must have values for url_path, host, and http_method"},
		{"v2 rule without method", `{"version":2,"default":{},"rules":[{"host":"*","url_path":"*"}]}`, "all non-default rules must have values for url_path, host, and http_method"},
		{"v2 rule without path", `{"version":2,"default":{},"rules":[{"host":"*","http_method":"*"}]}`, "all non-default rules must have values for url_path, host, and http_method"},
		{"v2 rule with service_name", `{"version":2,"default":{},"rules":[{"service_name":"a","host":"*","http_method":"*","url_path":"*"}]}`, "all non-default rules must have values for url_path, host, and http_method"},
		{"v2 null rule", `{"version":2,"default":{},"rules":[null]}`, "all non-default rules must have values for url_path, host, and http_method"},
		{"v2 empty rule", `{"version":2,"default":{},"rules":[{}]}`, "all non-default rules must have values for url_path, host, and http_method"},
		{"v1 rule with host", `{"version":1,"default":{},"rules":[{"host":"*","service_name":"a","http_method":"*","url_path":"*"}]}`, "all non-default rules must have values for url_path, service_name, and http_method"},
		{"v1 rule without service_name", `{"version":1,"default":{},"rules":[{"http_method":"*","url_path":"*"}]}`, "all non-default rules must have values for url_path, service_name, and http_method"},
		{"v1 null rule", `{"version":1,"default":{},"rules":[null]}`, "all non-default rules must have values for url_path, service_name, and http_method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ManifestFromJSONBytes([]byte(tt.json))
			if err == nil || err.Error() != tt.err {
				t.Fatalf("error = %v, want %q", err, tt.err)
			}
			if m != nil {
				t.Errorf("manifest = %+v, want nil", m)
			}
			if _, err := NewLocalizedStrategyFromJSONBytes([]byte(tt.json)); err == nil || err.Error() != tt.err {
				t.Errorf("NewLocalizedStrategyFromJSONBytes error = %v, want %q", err, tt.err)
			}
			if _, err := NewCentralizedStrategyWithJSONBytes([]byte(tt.json)); err == nil || err.Error() != tt.err {
				t.Errorf("NewCentralizedStrategyWithJSONBytes error = %v, want %q", err, tt.err)
			}
		})
	}
}

func TestManifestFromJSONBytesJSONErrors(t *testing.T) {
	for _, in := range []string{
		``,
		`{`,
		`[]`,
		`{"version":"2","default":{}}`,
		`{"version":2,"default":{"fixed_target":1.5,"rate":0.05}}`, // fixed_target is an integer
		`{"version":2,"default":{"fixed_target":1e30,"rate":0.05}}`,
		`{"version":2,"default":[]}`,
		`{"version":2,"default":{},"rules":{}}`,
		`{"version":2,"default":{"rate":"high"}}`,
	} {
		_, err := ManifestFromJSONBytes([]byte(in))
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		if !errors.As(err, &syntax) && !errors.As(err, &typ) && (err == nil || !strings.HasPrefix(err.Error(), "unexpected end of JSON")) {
			t.Errorf("%s: error = %v, want the encoding/json error", in, err)
		}
	}
}

func TestManifestFromJSONBytesValid(t *testing.T) {
	m, err := ManifestFromJSONBytes([]byte(`{
		"version": 2,
		"description": "unknown keys are ignored",
		"default": {"fixed_target": 3, "rate": 0.25, "host": "ignored.example.com", "id": "x"},
		"rules": [
			{"id": "1", "host": "*.example.com", "http_method": "GET", "url_path": "/api/*", "fixed_target": 5, "rate": 0.1},
			{"host": "a", "http_method": "b", "url_path": "c"}
		]
	}`))
	mustNoErr(t, err)
	if m.Version != 2 || len(m.Rules) != 2 {
		t.Fatalf("manifest = %+v", m)
	}
	if got, want := *m.Default.Properties, (Properties{Host: "ignored.example.com", FixedTarget: 3, Rate: 0.25}); got != want {
		t.Errorf("default = %+v, want %+v", got, want)
	}
	if got, want := *m.Rules[0].Properties, (Properties{Host: "*.example.com", HTTPMethod: "GET", URLPath: "/api/*", FixedTarget: 5, Rate: 0.1}); got != want {
		t.Errorf("rule 0 = %+v, want %+v", got, want)
	}
	if got, want := *m.Rules[1].Properties, (Properties{Host: "a", HTTPMethod: "b", URLPath: "c"}); got != want {
		t.Errorf("rule 1 (missing numbers are 0) = %+v, want %+v", got, want)
	}
}

// Version 1 rules name a service; after loading, the pattern sits in Host,
// so it is matched against the request host (upstream behaviour, kept).
func TestManifestVersion1MovesServiceNameToHost(t *testing.T) {
	m, err := ManifestFromFilePath(filepath.Join("testdata", "v1_rules.json"))
	mustNoErr(t, err)
	if got, want := *m.Rules[0].Properties, (Properties{Host: "*.shop.example.com", HTTPMethod: "POST", URLPath: "/cart/*", FixedTarget: 0, Rate: 1}); got != want {
		t.Fatalf("rule = %+v, want %+v", got, want)
	}
	s, err := NewLocalizedStrategyFromFilePath(filepath.Join("testdata", "v1_rules.json"))
	mustNoErr(t, err)
	s.rules.def.Rate = 0 // only the v1 rule samples (rate 1); the default never does after its reservoir
	s.rules.def.reservoir.capacity = 0
	if !s.ShouldTrace(&Request{Host: "www.shop.example.com", Method: "POST", URL: "/cart/1"}).Sample {
		t.Error("the v1 service_name pattern did not match the request host")
	}
	if s.ShouldTrace(&Request{Host: "www.other.com", ServiceName: "www.shop.example.com", Method: "POST", URL: "/cart/1"}).Sample {
		t.Error("the v1 pattern matched the request service name")
	}
}

func TestManifestFromFilePath(t *testing.T) {
	m, err := ManifestFromFilePath(filepath.Join("testdata", "example_rules.json"))
	mustNoErr(t, err)
	if len(m.Rules) != 1 || m.Rules[0].URLPath != "/checkout" || m.Rules[0].FixedTarget != 10 {
		t.Errorf("example rules = %+v", m.Rules)
	}

	_, err = ManifestFromFilePath(filepath.Join(t.TempDir(), "missing.json"))
	var pathErr *fs.PathError
	if !errors.As(err, &pathErr) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error = %v, want the os.ReadFile error unchanged", err)
	}
	if _, err := NewLocalizedStrategyFromFilePath(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("NewLocalizedStrategyFromFilePath: error = %v", err)
	}
	if _, err := NewCentralizedStrategyWithFilePath(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("NewCentralizedStrategyWithFilePath: error = %v", err)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	mustNoErr(t, os.WriteFile(bad, []byte(`{"version":2}`), 0o600))
	if _, err := ManifestFromFilePath(bad); err == nil || err.Error() != "sampling rule manifest must include a default rule" {
		t.Errorf("invalid file: error = %v", err)
	}
}

func TestDefaultRules(t *testing.T) {
	s, err := NewLocalizedStrategy()
	mustNoErr(t, err)
	m := s.manifest
	if m.Version != 2 || len(m.Rules) != 0 || m.Default.FixedTarget != 1 || m.Default.Rate != 0.05 {
		t.Errorf("embedded default rules = version %d, %d rules, default %+v", m.Version, len(m.Rules), *m.Default.Properties)
	}
}
