// Package ecs records that the program runs in an Amazon ECS container. The
// SDK then adds the container's host name to every root segment (aws.ecs)
// together with the origin AWS::ECS::Container.
//
// Call Init once at program start, before traffic is traced. Init does not
// check that the program really runs on ECS; it records the host name, which
// ECS sets to the container id.
package ecs

import (
	"os"
	"sync"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/internal/plugins"
)

// Origin is the segment origin recorded once Init has succeeded.
const Origin = "AWS::ECS::Container"

// hostname is os.Hostname; tests replace it to make it fail.
var hostname = os.Hostname

// initMu serialises Init calls so that the presence check and the update
// see each other.
var initMu sync.Mutex

// Init records the host name as the container name and sets the segment
// origin to Origin. It does nothing when the ECS metadata is already
// recorded; when the host name cannot be read it logs and records nothing.
// The origin follows the most recent successful plugin Init of any kind.
// Safe to call from any goroutine, at any time: segments begun concurrently
// see either the old or the new metadata, never a mix.
func Init() {
	if plugins.Get().ECSMetadata != nil {
		return
	}
	initMu.Lock()
	defer initMu.Unlock()
	if plugins.Get().ECSMetadata != nil { // recorded while this call waited
		return
	}
	name, err := hostname()
	if err != nil {
		logger.Errorf("Unable to retrieve hostname from OS. %v", err)
		return
	}
	plugins.Update(func(m *plugins.PluginMetadata) {
		m.ECSMetadata = &plugins.ECSMetadata{ContainerName: name}
		m.Origin = Origin
	})
}
