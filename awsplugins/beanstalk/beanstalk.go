// Package beanstalk detects that the program runs in an AWS Elastic
// Beanstalk environment and records the environment's name, version label
// and deployment id, which the SDK then adds to every root segment
// (aws.elastic_beanstalk) together with the origin
// AWS::ElasticBeanstalk::Environment.
//
// Call Init once at program start, before traffic is traced. Init reads the
// file Elastic Beanstalk writes for the X-Ray SDKs,
// /var/elasticbeanstalk/xray/environment.conf.
package beanstalk

import (
	"sync"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/internal/plugins"
)

// Origin is the segment origin recorded once Init has succeeded.
const Origin = "AWS::ElasticBeanstalk::Environment"

// configPath is where Elastic Beanstalk describes the environment. It is a
// variable only so that tests can point it at a file of their own.
var configPath = "/var/elasticbeanstalk/xray/environment.conf"

// initMu serialises Init calls so that the presence check and the update
// see each other.
var initMu sync.Mutex

// Init records the environment described by the Elastic Beanstalk
// configuration file and sets the segment origin to Origin. It does nothing
// when the Elastic Beanstalk metadata is already recorded; when the file
// cannot be read or decoded it logs and records nothing. The origin follows
// the most recent successful plugin Init of any kind. Safe to call from any
// goroutine, at any time: segments begun concurrently see either the old or
// the new metadata, never a mix.
func Init() {
	if plugins.Get().BeanstalkMetadata != nil {
		return
	}
	initMu.Lock()
	defer initMu.Unlock()
	if plugins.Get().BeanstalkMetadata != nil { // recorded while this call waited
		return
	}
	path := configPath
	raw, err := readConfig(path)
	if err != nil {
		logger.Errorf("Unable to read Elastic Beanstalk configuration file %s: %v", path, err)
		return
	}
	md, err := parseConfig(raw)
	if err != nil {
		logger.Errorf("Unable to unmarshal Elastic Beanstalk configuration file %s: %v", path, err)
		return
	}
	plugins.Update(func(m *plugins.PluginMetadata) {
		m.BeanstalkMetadata = md
		m.Origin = Origin
	})
}
