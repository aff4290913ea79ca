package awswhitelist

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-xray-sdk-go/resources"
)

// FuzzParse feeds arbitrary documents to the compiler and applies every
// entry to sample inputs: no panic, and whatever is recorded encodes.
func FuzzParse(f *testing.F) {
	f.Add(resources.MustAsset("resources/AWSWhitelist.json"))
	for _, s := range []string{
		`{"services":{"s":{"operations":{"o":{"request_parameters":["TableName"],"response_descriptors":{"TableNames":{"list":1,"get_count":1}}}}}}}`,
		`{"services":{"s":{"operations":{"o":{"request_descriptors":{"RequestItems":{"map":true,"get_keys":true,"rename_to":7}}}}}}}`,
		`{"services":{"s":{"operations":{"o":{"request_parameters":{},"request_descriptors":[]}}}}}`,
		`[]`, `null`, `{"services":null}`,
	} {
		f.Add([]byte(s))
	}
	captureLogs(f) // keep the error lines of odd documents out of the output
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := Parse(data)
		if err != nil {
			return
		}
		inputs := []interface{}{
			&v1Shape{TableName: ptr("t"), RequestItems: map[string][]string{"a": nil}, TableNames: []*string{ptr("x")}},
			v2Shape{Count: 1, Attributes: map[string]string{"k": "v"}},
			nil, 3,
		}
		for _, svc := range w.services {
			for _, op := range svc.operations {
				for _, in := range inputs {
					dst := map[string]interface{}{}
					op.AddRequest(dst, in)
					op.AddResponse(dst, in)
					if _, err := json.Marshal(dst); err != nil {
						t.Fatalf("recorded values do not encode: %v", err)
					}
				}
			}
		}
	})
}
