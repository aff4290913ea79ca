package ecs

import (
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logtest"
	"github.com/aws/aws-xray-sdk-go/internal/plugins"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// resetPlugins clears the process-wide metadata now and after the test.
func resetPlugins(t *testing.T) {
	plugins.Reset()
	t.Cleanup(plugins.Reset)
}

// useHostname makes Init see fn as os.Hostname for the test.
func useHostname(t *testing.T, fn func() (string, error)) {
	prev := hostname
	hostname = fn
	t.Cleanup(func() { hostname = prev })
}

func TestInit(t *testing.T) {
	resetPlugins(t)
	lr := logtest.Capture(t)
	want, err := os.Hostname()
	if err != nil {
		t.Skipf("no host name here: %v", err)
	}

	Init()

	got := plugins.Get()
	if got.ECSMetadata == nil || got.ECSMetadata.ContainerName != want {
		t.Fatalf("ECS metadata = %+v, want container %q", got.ECSMetadata, want)
	}
	if got.Origin != Origin {
		t.Errorf("origin = %q, want %q", got.Origin, Origin)
	}
	b, err := json.Marshal(got.ECSMetadata)
	if err != nil {
		t.Fatal(err)
	}
	if wire, _ := json.Marshal(map[string]string{"container": want}); string(b) != string(wire) {
		t.Errorf("aws.ecs = %s, want %s", b, wire)
	}
	if errs := lr.At(xraylog.LogLevelError); len(errs) != 0 {
		t.Errorf("unexpected ERROR lines: %q", errs)
	}
}

func TestInitHostnameError(t *testing.T) {
	resetPlugins(t)
	lr := logtest.Capture(t)
	useHostname(t, func() (string, error) { return "", errors.New("uname: no such host") })

	Init()

	if got := plugins.Get(); got.ECSMetadata != nil || got.Origin != "" {
		t.Fatalf("metadata recorded after a failed Init: %+v origin %q", got.ECSMetadata, got.Origin)
	}
	const want = "Unable to retrieve hostname from OS. uname: no such host"
	if got := lr.At(xraylog.LogLevelError); len(got) != 1 || got[0] != want {
		t.Errorf("ERROR lines = %q, want [%q]", got, want)
	}
}

func TestInitDoesNothingWhenPresent(t *testing.T) {
	resetPlugins(t)
	useHostname(t, func() (string, error) { return "first", nil })
	Init()
	before := plugins.Get()
	useHostname(t, func() (string, error) { return "second", nil })

	Init()

	if got := plugins.Get(); got != before || got.ECSMetadata.ContainerName != "first" {
		t.Errorf("second Init changed the metadata: %+v", got.ECSMetadata)
	}
}

// UPSTREAM QUIRK kept: the origin is that of the last successful Init, even
// when another plugin's metadata is present too.
func TestInitOverwritesOrigin(t *testing.T) {
	resetPlugins(t)
	plugins.Update(func(m *plugins.PluginMetadata) {
		m.EC2Metadata = &plugins.EC2Metadata{InstanceID: "i-1", AvailabilityZone: "az"}
		m.Origin = "AWS::EC2::Instance"
	})

	Init()

	got := plugins.Get()
	if got.Origin != Origin || got.EC2Metadata == nil || got.EC2Metadata.InstanceID != "i-1" {
		t.Errorf("after ec2 then ecs: %+v (ec2 %+v)", got, got.EC2Metadata)
	}
}

func TestInitConcurrent(t *testing.T) {
	resetPlugins(t)
	var calls sync.Mutex
	n := 0
	useHostname(t, func() (string, error) {
		calls.Lock()
		n++
		calls.Unlock()
		return "container-1", nil
	})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); Init() }()
		go func() {
			defer wg.Done()
			m := plugins.Get()
			if m.ECSMetadata != nil && m.Origin != Origin {
				t.Errorf("half-published metadata: %+v", m)
			}
		}()
	}
	wg.Wait()
	if n != 1 {
		t.Errorf("host name read %d times by concurrent Inits, want 1", n)
	}
}
