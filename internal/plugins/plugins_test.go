package plugins

import (
	"encoding/json"
	"sync"
	"testing"
)

func TestUpdatePublishesCopy(t *testing.T) {
	t.Cleanup(Reset)
	Reset()
	before := Get()
	Update(func(m *PluginMetadata) {
		m.ECSMetadata = &ECSMetadata{ContainerName: "c"}
		m.Origin = "o"
	})
	if before.ECSMetadata != nil || before.Origin != "" {
		t.Fatalf("Update changed an earlier snapshot: %+v", before)
	}
	after := Get()
	if after.ECSMetadata == nil || after.ECSMetadata.ContainerName != "c" || after.Origin != "o" {
		t.Fatalf("Get after Update = %+v", after)
	}
	Reset()
	if got := Get(); got.ECSMetadata != nil || got.Origin != "" {
		t.Fatalf("Get after Reset = %+v", got)
	}
}

func TestConcurrentUpdatesAreNotLost(t *testing.T) {
	t.Cleanup(Reset)
	Reset()
	const n = 50
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Update(func(m *PluginMetadata) {
				// Count through DeploymentID: a lost update shows as a short count.
				b := BeanstalkMetadata{}
				if m.BeanstalkMetadata != nil {
					b = *m.BeanstalkMetadata
				}
				b.DeploymentID++
				m.BeanstalkMetadata = &b
			})
			_ = Get().Origin
		}()
	}
	wg.Wait()
	if got := Get().BeanstalkMetadata.DeploymentID; got != n {
		t.Fatalf("DeploymentID = %d after %d updates", got, n)
	}
}

func TestJSONShapes(t *testing.T) {
	for _, tc := range []struct {
		v    interface{}
		want string
	}{
		{EC2Metadata{InstanceID: "i-1", AvailabilityZone: "us-west-2a"}, `{"instance_id":"i-1","availability_zone":"us-west-2a"}`},
		{EC2Metadata{}, `{"instance_id":"","availability_zone":""}`},
		{ECSMetadata{ContainerName: "host"}, `{"container":"host"}`},
		{BeanstalkMetadata{Environment: "e", VersionLabel: "v", DeploymentID: 7}, `{"environment_name":"e","version_label":"v","deployment_id":7}`},
	} {
		b, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("json of %#v = %s, want %s", tc.v, b, tc.want)
		}
	}
}
