package awswhitelist

import (
	"os"
	"sync"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/resources"
)

var (
	defaultOnce      sync.Once
	defaultWhitelist *Whitelist
)

// Default returns the whitelist embedded in package resources
// (resources/AWSWhitelist.json), compiled once.
func Default() *Whitelist {
	defaultOnce.Do(func() {
		data, err := resources.Asset(defaultAsset)
		if err == nil {
			defaultWhitelist, err = Parse(data)
		}
		if err != nil {
			logger.Errorf("xray: the embedded AWS whitelist cannot be used: %v", err)
			defaultWhitelist = &Whitelist{}
		}
	})
	return defaultWhitelist
}

// Load returns the whitelist in filename, or the default one when filename
// is empty. A file that cannot be read is logged (exact text of the SDK) and
// the default whitelist returned instead; a file that is not a JSON object
// returns the JSON decoding error.
func Load(filename string) (*Whitelist, error) {
	if filename == "" {
		return Default(), nil
	}
	data, err := os.ReadFile(filename)
	if err != nil {
		LogReadError(err)
		return Default(), nil
	}
	return Parse(data)
}

// LogReadError logs, with the SDK's exact text, that a custom whitelist file
// could not be used and that the default whitelist replaces it.
func LogReadError(err error) { logger.Errorf(msgReadError, err) }
