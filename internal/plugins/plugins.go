// Package plugins holds the process-wide environment metadata that the
// awsplugins packages detect and that root segments carry in their aws block
// and origin field.
package plugins

import "sync/atomic"

// PluginMetadata is one immutable snapshot of what the plugins detected.
// Read it with Get; plugins publish a new one with Update.
type PluginMetadata struct {
	EC2Metadata       *EC2Metadata
	ECSMetadata       *ECSMetadata
	BeanstalkMetadata *BeanstalkMetadata
	Origin            string
}

// EC2Metadata is the aws.ec2 block.
type EC2Metadata struct {
	InstanceID       string `json:"instance_id"`
	AvailabilityZone string `json:"availability_zone"`
}

// ECSMetadata is the aws.ecs block.
type ECSMetadata struct {
	ContainerName string `json:"container"`
}

// BeanstalkMetadata is the aws.elastic_beanstalk block.
type BeanstalkMetadata struct {
	Environment  string `json:"environment_name"`
	VersionLabel string `json:"version_label"`
	DeploymentID int    `json:"deployment_id"`
}

var snapshot atomic.Pointer[PluginMetadata]

func init() { snapshot.Store(&PluginMetadata{}) }

// Get returns the current metadata. The value must not be modified.
func Get() *PluginMetadata { return snapshot.Load() }

// Update publishes a copy of the current metadata changed by fn. Concurrent
// updates are serialised by compare-and-swap, so none is lost.
func Update(fn func(m *PluginMetadata)) {
	for {
		old := snapshot.Load()
		next := *old
		fn(&next)
		if snapshot.CompareAndSwap(old, &next) {
			return
		}
	}
}
