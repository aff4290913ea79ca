package awswhitelist

import (
	"reflect"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// AddRequest records into dst the whitelisted fields of params, the call's
// input (a struct or a pointer to one). The caller guards dst (for a
// subsegment's aws block: holds the subsegment's lock).
func (o *Operation) AddRequest(dst map[string]interface{}, params interface{}) {
	if o != nil {
		o.request.add(dst, params)
	}
}

// AddResponse records into dst the whitelisted fields of data, the call's
// output (a struct or a pointer to one; nil records nothing). The caller
// guards dst.
func (o *Operation) AddResponse(dst map[string]interface{}, data interface{}) {
	if o != nil {
		o.response.add(dst, data)
	}
}

// add records the fields of v that s names.
func (s *side) add(dst map[string]interface{}, v interface{}) {
	if s.malformed {
		logger.Errorf(msgMalformed)
	}
	if len(s.fields) == 0 || v == nil {
		return
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		logger.Errorf(msgNotAStruct)
		return
	}
	p := s.planFor(rv.Type())
	for i := range s.fields {
		f := &s.fields[i]
		if f.kind == kindMissingKeys {
			logger.Errorf(msgMissingKeys)
			continue
		}
		loc := &p.fields[i]
		if loc.index == nil {
			continue // no such exported field: nothing to record
		}
		fv, err := rv.FieldByIndexErr(loc.index)
		if err != nil || !fv.CanInterface() {
			continue // behind a nil embedded pointer, or not readable
		}
		var (
			val interface{}
			ok  bool
		)
		switch f.kind {
		case kindValue:
			val, ok = loc.value(fv)
		case kindKeys:
			val, ok = mapKeys(fv)
		case kindCount:
			val, ok = length(fv)
		}
		if ok {
			dst[f.key] = val
		}
	}
}
