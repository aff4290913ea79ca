// Package ec2 detects that the program runs on an Amazon EC2 instance and
// records the instance id and availability zone, which the SDK then adds to
// every root segment (aws.ec2) together with the origin AWS::EC2::Instance.
//
// Call Init once at program start, before traffic is traced:
//
//	func main() {
//		ec2.Init()
//		...
//	}
//
// Init asks the instance metadata service (IMDSv2 first, IMDSv1 if no token
// can be had). Each request times out after one second, so off EC2 Init
// returns after at most about two seconds and records nothing. The service's
// base address is http://169.254.169.254, or the value of the environment
// variable AWS_EC2_METADATA_SERVICE_ENDPOINT when that is set.
package ec2

import (
	"sync"

	"github.com/aws/aws-xray-sdk-go/internal/plugins"
)

// Origin is the segment origin recorded once Init has succeeded.
const Origin = "AWS::EC2::Instance"

// initMu keeps concurrent Init calls from querying the metadata service
// more than once.
var initMu sync.Mutex

// Init records the instance's metadata and sets the segment origin to
// Origin. It does nothing when the EC2 metadata is already recorded; on
// failure it logs and records nothing. The origin follows the most recent
// successful plugin Init of any kind. Safe to call from any goroutine, at
// any time: segments begun concurrently see either the old or the new
// metadata, never a mix.
func Init() {
	if plugins.Get().EC2Metadata != nil {
		return
	}
	initMu.Lock()
	defer initMu.Unlock()
	if plugins.Get().EC2Metadata != nil { // recorded while this call waited
		return
	}
	md, ok := fetchMetadata()
	if !ok {
		return
	}
	plugins.Update(func(m *plugins.PluginMetadata) {
		m.EC2Metadata = md
		m.Origin = Origin
	})
}
