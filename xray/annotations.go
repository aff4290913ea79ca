package xray

import (
	"fmt"
	"os"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

// AddAnnotation adds an indexed key/value pair to the entity. The value
// must be a string, bool, int, uint, float32 or float64; anything else is
// rejected with an error. A repeated key overwrites. Unsampled entities
// ignore annotations.
func (s *Segment) AddAnnotation(key string, value interface{}) error {
	if SdkDisabled() || s == nil {
		return nil
	}
	s.Lock()
	defer s.Unlock()
	if s.Dummy {
		return nil
	}
	switch value.(type) {
	case bool, int, uint, float32, float64, string:
	default:
		return fmt.Errorf("failed to add annotation key: %q value: %q to subsegment %q. value must be of type string, number or boolean", key, value, s.Name)
	}
	if s.Annotations == nil {
		s.Annotations = make(map[string]interface{})
	}
	s.Annotations[key] = value
	return nil
}

// AddMetadata adds a key/value pair to the "default" metadata namespace.
// The value is encoded as JSON when the entity is sent.
func (s *Segment) AddMetadata(key string, value interface{}) error {
	return s.AddMetadataToNamespace("default", key, value)
}

// AddMetadataToNamespace adds a key/value pair to a metadata namespace. The
// value is encoded as JSON when the entity is sent; a value that cannot be
// encoded is replaced by an error text. Unsampled entities ignore metadata.
func (s *Segment) AddMetadataToNamespace(namespace string, key string, value interface{}) error {
	if SdkDisabled() || s == nil {
		return nil
	}
	s.Lock()
	defer s.Unlock()
	if s.Dummy {
		return nil
	}
	if s.Metadata == nil {
		s.Metadata = make(map[string]map[string]interface{})
	}
	ns := s.Metadata[namespace]
	if ns == nil {
		ns = make(map[string]interface{})
		s.Metadata[namespace] = ns
	}
	ns[key] = value
	return nil
}

// AddError records err on the entity: it sets fault and appends an
// exception to the cause block. A nil err is ignored. Always returns nil.
func (s *Segment) AddError(err error) error {
	if SdkDisabled() || s == nil || err == nil {
		return nil
	}
	s.Lock()
	defer s.Unlock()
	s.addError(err)
	return nil
}

// addError records err. The caller holds the lock. It must be called
// directly from the public method (Close, CloseAndStream, AddError) and call
// the formatter directly: the formatter's fallback stack skips a fixed
// number of frames.
func (s *Segment) addError(err error) {
	s.Fault = true
	cause := s.GetCause()
	if wd, e := os.Getwd(); e == nil {
		cause.WorkingDirectory = wd
	}
	cause.Exceptions = append(cause.Exceptions, s.formatter().ExceptionFromError(err))
}

// formatter returns the exception formatter of the entity's root.
func (s *Segment) formatter() exception.FormattingStrategy {
	if cfg := s.root().Configuration; cfg != nil && cfg.ExceptionFormattingStrategy != nil {
		return cfg.ExceptionFormattingStrategy
	}
	if f := global().snapshot.ExceptionFormattingStrategy; f != nil {
		return f
	}
	f, _ := exception.NewDefaultFormattingStrategy()
	return f
}
