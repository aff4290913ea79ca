package ec2

import (
	"encoding/json"
	"testing"
)

func TestParseIdentityDocument(t *testing.T) {
	md, err := parseIdentityDocument([]byte(identityDoc))
	if err != nil {
		t.Fatal(err)
	}
	if md.InstanceID != "i-0123456789abcdef0" || md.AvailabilityZone != "us-west-2a" {
		t.Errorf("parsed %+v", md)
	}
	// Missing keys stay empty, as upstream records them.
	md, err = parseIdentityDocument([]byte(`{}`))
	if err != nil || md.InstanceID != "" || md.AvailabilityZone != "" {
		t.Errorf("{} parsed to %+v, %v", md, err)
	}
}

func FuzzParseIdentityDocument(f *testing.F) {
	f.Add([]byte(identityDoc))
	f.Add([]byte(`{"instanceId":"i-1","availabilityZone":"az"}`))
	f.Add([]byte(`{"INSTANCEID":5}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		md, err := parseIdentityDocument(body)
		if err != nil {
			if md != nil {
				t.Fatalf("metadata %+v returned with error %v", md, err)
			}
			return
		}
		if md == nil || !json.Valid(body) {
			t.Fatalf("accepted %q as %+v", body, md)
		}
		// Whatever was accepted marshals to the wire shape.
		if _, err := json.Marshal(md); err != nil {
			t.Fatalf("marshal %+v: %v", md, err)
		}
	})
}
