// Package resources holds the data files the SDK ships with: the default
// AWS SDK parameter whitelist and the default and example sampling rules.
// They are embedded in the binary and read through the go-bindata style
// functions of the upstream SDK.
//
// Asset names:
//
//	resources/AWSWhitelist.json
//	resources/DefaultSamplingRules.json
//	resources/ExampleSamplingRules.json
package resources

import (
	_ "embed" // for the go:embed directives
	"time"
)

//go:embed AWSWhitelist.json
var awsWhitelist string

//go:embed DefaultSamplingRules.json
var defaultSamplingRules string

//go:embed ExampleSamplingRules.json
var exampleSamplingRules string

const dirName = "resources"

// asset is one embedded file. The text is a string so that nobody can
// change it; callers get copies.
type asset struct {
	name    string
	data    string
	modTime time.Time
}

// The modification times upstream recorded for the files.
var assets = map[string]*asset{
	dirName + "/AWSWhitelist.json":         {dirName + "/AWSWhitelist.json", awsWhitelist, time.Unix(1573699810, 0)},
	dirName + "/DefaultSamplingRules.json": {dirName + "/DefaultSamplingRules.json", defaultSamplingRules, time.Unix(1573698794, 0)},
	dirName + "/ExampleSamplingRules.json": {dirName + "/ExampleSamplingRules.json", exampleSamplingRules, time.Unix(1573698794, 0)},
}

// lookup finds an asset; backslashes in name count as slashes.
func lookup(name string) (*asset, bool) {
	a, ok := assets[canonical(name)]
	return a, ok
}
