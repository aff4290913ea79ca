package ec2

import (
	"encoding/json"

	"github.com/aws/aws-xray-sdk-go/internal/plugins"
)

// identityDocument holds the fields of the instance identity document the
// SDK records. Keys match case-insensitively, as encoding/json does.
type identityDocument struct {
	InstanceID       string `json:"instanceId"`
	AvailabilityZone string `json:"availabilityZone"`
}

// parseIdentityDocument decodes an instance identity document. Missing
// fields stay empty, as the service's document always has them.
func parseIdentityDocument(body []byte) (*plugins.EC2Metadata, error) {
	var doc identityDocument
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, err
	}
	return &plugins.EC2Metadata{InstanceID: doc.InstanceID, AvailabilityZone: doc.AvailabilityZone}, nil
}
