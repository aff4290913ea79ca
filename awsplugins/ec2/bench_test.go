package ec2

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/internal/plugins"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// BenchmarkInitAlreadyPresent is the cost of a repeated Init.
func BenchmarkInitAlreadyPresent(b *testing.B) {
	plugins.Reset()
	b.Cleanup(plugins.Reset)
	plugins.Update(func(m *plugins.PluginMetadata) { m.EC2Metadata = &plugins.EC2Metadata{InstanceID: "i-1"} })
	b.ReportAllocs()
	for b.Loop() {
		Init()
	}
}

// BenchmarkInitLocalService is a full IMDSv2 exchange with a loopback
// service: two requests, each on a fresh connection.
func BenchmarkInitLocalService(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc(tokenPath, serveToken)
	mux.HandleFunc(documentPath, serveDocument)
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	b.Setenv(endpointEnv, srv.URL)
	prev := logger.Logger()
	logger.Inject(xraylog.NullLogger)
	b.Cleanup(func() { logger.Inject(prev) })
	b.Cleanup(plugins.Reset)
	b.ReportAllocs()
	for b.Loop() {
		plugins.Reset()
		Init()
	}
}

func BenchmarkParseIdentityDocument(b *testing.B) {
	doc := []byte(identityDoc)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseIdentityDocument(doc); err != nil {
			b.Fatal(err)
		}
	}
}
