package beanstalk

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-xray-sdk-go/internal/plugins"
)

// maxConfigBytes bounds how much of the configuration file is read; the
// real file is about a hundred bytes.
const maxConfigBytes = 1 << 20

// readConfig returns the content of the file at path.
func readConfig(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxConfigBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxConfigBytes {
		return nil, fmt.Errorf("xray: %s is larger than %d bytes", path, maxConfigBytes)
	}
	return raw, nil
}

// parseConfig decodes the configuration file: a JSON object with
// environment_name, version_label (strings) and deployment_id (an integer).
// Missing keys stay empty; keys match case-insensitively.
func parseConfig(raw []byte) (*plugins.BeanstalkMetadata, error) {
	var md plugins.BeanstalkMetadata
	if err := json.Unmarshal(raw, &md); err != nil {
		return nil, err
	}
	return &md, nil
}
