package xray

import (
	"maps"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/plugins"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
)

// Roots of the BeginSegment family get their aws.xray block from the
// encoder; the document must be what encoding/json writes with the block
// stored in the map.
func TestEncoderWritesSDKBlockLikeTheMap(t *testing.T) {
	ec2 := &plugins.EC2Metadata{InstanceID: "i-1", AvailabilityZone: "az"}
	for _, c := range []struct {
		name string
		aws  map[string]interface{}
		rule string
	}{
		{name: "no map"},
		{name: "empty map", aws: map[string]interface{}{}},
		{name: "rule", rule: "checkout-rule"},
		{name: "plugins", aws: map[string]interface{}{"ec2": ec2, "ecs": &plugins.ECSMetadata{ContainerName: "c"}}},
		{name: "keys after xray", aws: map[string]interface{}{"zone": "z", "xrays": 1, "a": true}, rule: "r"},
		{name: "only after", aws: map[string]interface{}{"zz": "z"}},
		{name: "user xray wins", aws: map[string]interface{}{"xray": map[string]interface{}{"custom": 1}, "b": 2}, rule: "ignored"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &Segment{TraceID: "1-5759e988-bd862e3fe1be46a994272793", ID: "53995c3f42cd8ad8", Name: "root",
				StartTime: 1705096131.25, EndTime: 1705096132.5, AWS: c.aws, sdkBlock: true, ext: &segmentExt{ruleName: c.rule}}
			want := &Segment{TraceID: s.TraceID, ID: s.ID, Name: s.Name, StartTime: s.StartTime, EndTime: s.EndTime,
				AWS: maps.Clone(c.aws)}
			if _, user := c.aws["xray"]; !user {
				if want.AWS == nil {
					want.AWS = map[string]interface{}{}
				}
				want.AWS["xray"] = SDK{Version: SDKVersion, Type: SDKType, RuleName: c.rule}
			}
			if got, w := encodeEntity(s), encodingJSON(t, want); string(got) != string(w) {
				t.Errorf("got  %s\nwant %s", got, w)
			}
		})
	}
}

func TestAddRuleNameWithoutAWSMap(t *testing.T) {
	rule := "r1"
	s := &Segment{sdkBlock: true}
	s.AddRuleName(&sampling.Decision{Sample: true, Rule: &rule})
	if s.AWS != nil || s.samplingRuleName() != "r1" {
		t.Fatalf("AWS %v, ruleName %q", s.AWS, s.samplingRuleName())
	}
	// Without the encoder's block (a segment built by hand) the rule goes
	// into the map, as before.
	plain := &Segment{}
	plain.AddRuleName(&sampling.Decision{Sample: true, Rule: &rule})
	if sdk, ok := plain.AWS["xray"].(SDK); !ok || sdk.RuleName != "r1" || sdk.Version != SDKVersion {
		t.Fatalf("AWS %v", plain.AWS)
	}
}
