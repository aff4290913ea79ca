package beanstalk

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/awsplugins/ecs"
	"github.com/aws/aws-xray-sdk-go/internal/logtest"
	"github.com/aws/aws-xray-sdk-go/internal/plugins"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

const sampleConfig = `{"deployment_id":23,"version_label":"app-v7","environment_name":"checkout-prod"}`

// useConfig points Init at a fresh file holding content, clears the plugin
// metadata, and undoes both after the test. It returns the file's path.
func useConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "environment.conf")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	usePath(t, path)
	return path
}

func usePath(t *testing.T, path string) {
	t.Helper()
	prev := configPath
	configPath = path
	plugins.Reset()
	t.Cleanup(func() {
		configPath = prev
		plugins.Reset()
	})
}

func wantNothingRecorded(t *testing.T) {
	t.Helper()
	if got := plugins.Get(); got.BeanstalkMetadata != nil || got.Origin != "" {
		t.Fatalf("metadata recorded after a failed Init: %+v origin %q", got.BeanstalkMetadata, got.Origin)
	}
}

func TestDefaultPath(t *testing.T) {
	if configPath != "/var/elasticbeanstalk/xray/environment.conf" {
		t.Fatalf("configPath = %q", configPath)
	}
}

func TestInit(t *testing.T) {
	useConfig(t, sampleConfig)
	lr := logtest.Capture(t)

	Init()

	got := plugins.Get()
	want := plugins.BeanstalkMetadata{Environment: "checkout-prod", VersionLabel: "app-v7", DeploymentID: 23}
	if got.BeanstalkMetadata == nil || *got.BeanstalkMetadata != want {
		t.Fatalf("metadata = %+v, want %+v", got.BeanstalkMetadata, want)
	}
	if got.Origin != Origin {
		t.Errorf("origin = %q, want %q", got.Origin, Origin)
	}
	b, err := json.Marshal(got.BeanstalkMetadata)
	if err != nil {
		t.Fatal(err)
	}
	const wire = `{"environment_name":"checkout-prod","version_label":"app-v7","deployment_id":23}`
	if string(b) != wire {
		t.Errorf("aws.elastic_beanstalk = %s, want %s", b, wire)
	}
	if errs := lr.At(xraylog.LogLevelError); len(errs) != 0 {
		t.Errorf("unexpected ERROR lines: %q", errs)
	}
}

func TestInitMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent", "environment.conf")
	usePath(t, path)
	lr := logtest.Capture(t)

	Init()

	wantNothingRecorded(t)
	_, openErr := os.ReadFile(path)
	want := "Unable to read Elastic Beanstalk configuration file " + path + ": " + openErr.Error()
	if got := lr.At(xraylog.LogLevelError); len(got) != 1 || got[0] != want {
		t.Errorf("ERROR lines = %q, want [%q]", got, want)
	}
}

func TestInitUnreadableFile(t *testing.T) {
	// A directory opens but cannot be read.
	dir := t.TempDir()
	usePath(t, dir)
	lr := logtest.Capture(t)

	Init()

	wantNothingRecorded(t)
	lr.WantOne(t, xraylog.LogLevelError, "Unable to read Elastic Beanstalk configuration file "+dir+": ")
}

func TestInitOversizedFile(t *testing.T) {
	path := useConfig(t, `{"environment_name":"`+strings.Repeat("e", maxConfigBytes)+`"}`)
	lr := logtest.Capture(t)

	Init()

	wantNothingRecorded(t)
	want := "Unable to read Elastic Beanstalk configuration file " + path + ": xray: " + path + " is larger than 1048576 bytes"
	if got := lr.At(xraylog.LogLevelError); len(got) != 1 || got[0] != want {
		t.Errorf("ERROR lines = %q, want [%q]", got, want)
	}
}

func TestInitMalformedFile(t *testing.T) {
	for _, content := range []string{
		"",
		"environment_name=prod",
		`{"environment_name":"prod"`,
		`{"deployment_id":"23"}`,
		`{"deployment_id":2.5}`,
		`{"environment_name":7}`,
		`[]`,
	} {
		t.Run(content, func(t *testing.T) {
			path := useConfig(t, content)
			lr := logtest.Capture(t)

			Init()

			wantNothingRecorded(t)
			var md plugins.BeanstalkMetadata
			want := "Unable to unmarshal Elastic Beanstalk configuration file " + path + ": " + json.Unmarshal([]byte(content), &md).Error()
			if got := lr.At(xraylog.LogLevelError); len(got) != 1 || got[0] != want {
				t.Errorf("ERROR lines = %q, want [%q]", got, want)
			}
		})
	}
}

func TestInitDoesNothingWhenPresent(t *testing.T) {
	path := useConfig(t, sampleConfig)
	Init()
	before := plugins.Get()
	if err := os.WriteFile(path, []byte(`{"environment_name":"other"}`), 0o644); err != nil {
		t.Fatal(err)
	}

	Init()

	if got := plugins.Get(); got != before || got.BeanstalkMetadata.Environment != "checkout-prod" {
		t.Errorf("second Init changed the metadata: %+v", got.BeanstalkMetadata)
	}
}

// UPSTREAM QUIRK kept: the origin is that of the last successful Init.
func TestOriginLastInitWins(t *testing.T) {
	useConfig(t, sampleConfig)

	Init()
	ecs.Init()
	if got := plugins.Get(); got.Origin != ecs.Origin || got.BeanstalkMetadata == nil {
		t.Fatalf("after beanstalk, ecs: %+v", got)
	}
	Init() // already present: no change
	if got := plugins.Get().Origin; got != ecs.Origin {
		t.Fatalf("a repeated beanstalk.Init changed the origin to %q", got)
	}

	plugins.Reset()
	ecs.Init()
	Init()
	if got := plugins.Get(); got.Origin != Origin || got.ECSMetadata == nil {
		t.Fatalf("after ecs, beanstalk: %+v", got)
	}
}

func TestInitConcurrent(t *testing.T) {
	useConfig(t, sampleConfig)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); Init() }()
		go func() {
			defer wg.Done()
			m := plugins.Get()
			if m.BeanstalkMetadata != nil && m.BeanstalkMetadata.DeploymentID != 23 {
				t.Errorf("half-published metadata: %+v", m.BeanstalkMetadata)
			}
		}()
	}
	wg.Wait()
	if got := plugins.Get(); got.BeanstalkMetadata == nil || got.Origin != Origin {
		t.Errorf("after concurrent Inits: %+v", got)
	}
}

func TestParseConfig(t *testing.T) {
	md, err := parseConfig([]byte(`{"ENVIRONMENT_NAME":"e","extra":[1,2],"deployment_id":-4}`))
	if err != nil {
		t.Fatal(err)
	}
	if *md != (plugins.BeanstalkMetadata{Environment: "e", DeploymentID: -4}) {
		t.Errorf("parsed %+v", md)
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(sampleConfig))
	f.Add([]byte(`{"deployment_id":"1"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"deployment_id":1e3}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		md, err := parseConfig(raw)
		if err != nil {
			if md != nil {
				t.Fatalf("metadata %+v returned with error %v", md, err)
			}
			return
		}
		if md == nil || !json.Valid(raw) {
			t.Fatalf("accepted %q as %+v", raw, md)
		}
		b, err := json.Marshal(md)
		if err != nil {
			t.Fatalf("marshal %+v: %v", md, err)
		}
		var again plugins.BeanstalkMetadata
		if err := json.Unmarshal(b, &again); err != nil || again != *md {
			t.Fatalf("wire form %s does not round-trip: %+v, %v", b, again, err)
		}
	})
}
