package xray

import (
	"maps"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/plugins"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
)

// The aws block is what encoding/json writes for the map, the usual block
// of a sampled root (aws.xray alone, written from its pre-encoded form)
// included.
func TestEncoderWritesAWSBlockLikeEncodingJSON(t *testing.T) {
	ec2 := &plugins.EC2Metadata{InstanceID: "i-1", AvailabilityZone: "az"}
	plain := SDK{Version: SDKVersion, Type: SDKType}
	ruled := SDK{Version: SDKVersion, Type: SDKType, RuleName: "checkout-rule"}
	for _, c := range []struct {
		name string
		aws  map[string]interface{}
	}{
		{name: "no map"},
		{name: "empty map", aws: map[string]interface{}{}},
		{name: "xray alone", aws: map[string]interface{}{"xray": sdkEntry}},
		{name: "rule", aws: map[string]interface{}{"xray": ruled}},
		{name: "pointer", aws: map[string]interface{}{"xray": &plain}},
		{name: "other version", aws: map[string]interface{}{"xray": SDK{Version: "0.1", Type: SDKType}}},
		{name: "plugins", aws: map[string]interface{}{"xray": plain, "ec2": ec2, "ecs": &plugins.ECSMetadata{ContainerName: "c"}}},
		{name: "keys after xray", aws: map[string]interface{}{"xray": ruled, "zone": "z", "xrays": 1, "a": true}},
		{name: "user xray", aws: map[string]interface{}{"xray": map[string]interface{}{"custom": 1}, "b": 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &Segment{TraceID: "1-5759e988-bd862e3fe1be46a994272793", ID: "53995c3f42cd8ad8", Name: "root",
				StartTime: 1705096131.25, EndTime: 1705096132.5, AWS: c.aws}
			want := &Segment{TraceID: s.TraceID, ID: s.ID, Name: s.Name, StartTime: s.StartTime, EndTime: s.EndTime,
				AWS: maps.Clone(c.aws)}
			if got, w := encodeEntity(s), encodingJSON(t, want); string(got) != string(w) {
				t.Errorf("got  %s\nwant %s", got, w)
			}
		})
	}
}

func TestAddRuleName(t *testing.T) {
	rule := "r1"
	// Without an aws map (an unsampled root, or a segment built by hand)
	// the rule goes into a new one.
	plain := &Segment{}
	plain.AddRuleName(&sampling.Decision{Sample: true, Rule: &rule})
	if sdk, ok := plain.AWS["xray"].(SDK); !ok || sdk.RuleName != "r1" || sdk.Version != SDKVersion {
		t.Fatalf("AWS %v", plain.AWS)
	}
	// A sampled root's shared aws.xray value is replaced, not changed.
	root := &Segment{AWS: map[string]interface{}{"xray": sdkEntry}}
	root.AddRuleName(&sampling.Decision{Sample: true, Rule: &rule})
	if sdk := root.AWS["xray"].(SDK); sdk.RuleName != "r1" || sdkEntry.(SDK).RuleName != "" {
		t.Fatalf("AWS %v, shared entry %v", root.AWS, sdkEntry)
	}
	root.AddRuleName(&sampling.Decision{Sample: true})
	root.AddRuleName(nil)
	if sdk := root.AWS["xray"].(SDK); sdk.RuleName != "r1" {
		t.Fatalf("AWS %v", root.AWS)
	}
}
