package xray

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/internal/plugins"
)

// maxValueDepth bounds the nesting the hand encoder follows; deeper values
// are treated as cycles, as encoding/json does.
const maxValueDepth = 1000

// appendUserValue appends an annotation or metadata value. A value that
// cannot be encoded is replaced by a string describing the error, so that
// the rest of the document is still sent.
func (e *encoder) appendUserValue(b []byte, v interface{}, what string) []byte {
	mark := len(b)
	out, err := e.appendValue(b, v, 0)
	if err == nil {
		return out
	}
	e.valueErrors++
	logger.Errorf("JSON error while marshalling (Sub)Segment: %v", err)
	return e.appendString(out[:mark], "xray: "+what+" value could not be encoded: "+err.Error())
}

// appendValue appends v as encoding/json would. Strings, numbers, bools and
// the generic map and slice shapes are encoded by hand; other types go
// through encoding/json.
func (e *encoder) appendValue(b []byte, v interface{}, depth int) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return e.appendString(b, x), nil
	case bool:
		return appendBool(b, x), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int8:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int16:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int32:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case uint:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint8:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint16:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint32:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint64:
		return strconv.AppendUint(b, x, 10), nil
	case uintptr:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return b, unsupportedFloat(x, 64)
		}
		return appendFloat(b, x, 64), nil
	case float32:
		if f := float64(x); math.IsNaN(f) || math.IsInf(f, 0) {
			return b, unsupportedFloat(f, 32)
		}
		return appendFloat(b, float64(x), 32), nil
	case map[string]interface{}:
		return e.appendMap(b, x, depth)
	case []interface{}:
		return e.appendSlice(b, x, depth)
	case map[string]string:
		if x == nil {
			return append(b, "null"...), nil
		}
		var kb [16]string
		b = append(b, '{')
		for i, k := range appendSortedKeys(kb[:0], x) {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendString(b, k)
			b = append(b, ':')
			b = e.appendString(b, x[k])
		}
		return append(b, '}'), nil
	case []string:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, s := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendString(b, s)
		}
		return append(b, ']'), nil
	case SDK:
		return e.appendSDK(b, &x), nil
	case *SDK:
		if x == nil {
			return append(b, "null"...), nil
		}
		return e.appendSDK(b, x), nil
	case *plugins.EC2Metadata:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, `{"instance_id":`...)
		b = e.appendString(b, x.InstanceID)
		b = append(b, `,"availability_zone":`...)
		b = e.appendString(b, x.AvailabilityZone)
		return append(b, '}'), nil
	case *plugins.ECSMetadata:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, `{"container":`...)
		b = e.appendString(b, x.ContainerName)
		return append(b, '}'), nil
	case *plugins.BeanstalkMetadata:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, `{"environment_name":`...)
		b = e.appendString(b, x.Environment)
		b = append(b, `,"version_label":`...)
		b = e.appendString(b, x.VersionLabel)
		b = append(b, `,"deployment_id":`...)
		b = strconv.AppendInt(b, int64(x.DeploymentID), 10)
		return append(b, '}'), nil
	}
	return e.appendFallback(b, v)
}

func (e *encoder) appendMap(b []byte, m map[string]interface{}, depth int) ([]byte, error) {
	if m == nil {
		return append(b, "null"...), nil
	}
	if depth >= maxValueDepth {
		return b, fmt.Errorf("json: unsupported value: encountered a cycle via %T", m)
	}
	var err error
	var kb [16]string
	b = append(b, '{')
	for i, k := range appendSortedKeys(kb[:0], m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.appendString(b, k)
		b = append(b, ':')
		if b, err = e.appendValue(b, m[k], depth+1); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

func (e *encoder) appendSlice(b []byte, s []interface{}, depth int) ([]byte, error) {
	if s == nil {
		return append(b, "null"...), nil
	}
	if depth >= maxValueDepth {
		return b, fmt.Errorf("json: unsupported value: encountered a cycle via %T", s)
	}
	var err error
	b = append(b, '[')
	for i, v := range s {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = e.appendValue(b, v, depth+1); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

func (e *encoder) appendSDK(b []byte, s *SDK) []byte {
	b = append(b, '{')
	first := true
	b = e.appendStringField(b, "sdk_version", s.Version, &first)
	b = e.appendStringField(b, "sdk", s.Type, &first)
	b = e.appendStringField(b, "sampling_rule_name", s.RuleName, &first)
	return append(b, '}')
}

// appendFallback encodes v with encoding/json. A panicking MarshalJSON is
// reported as an error. Under truncation a long result is replaced by a
// marker string.
func (e *encoder) appendFallback(b []byte, v interface{}) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = b, fmt.Errorf("json: panic while encoding %T: %v", v, p)
		}
	}()
	js := jsonScratchPool.Get().(*jsonScratch)
	defer js.release()
	if err := js.enc.Encode(v); err != nil {
		return b, err
	}
	// Encode writes what json.Marshal returns, plus a newline.
	data := bytes.TrimSuffix(js.buf.Bytes(), []byte{'\n'})
	if e.maxStr > 0 && len(data) > e.maxStr {
		e.truncated = true
		return e.appendString(b, fmt.Sprintf("%T value of %d bytes%s", v, len(data), truncationMarker)), nil
	}
	return append(b, data...), nil
}

// jsonScratch is a reusable json.Encoder writing into a reusable buffer:
// encoding a value through it costs no allocation of its own, where
// json.Marshal allocates the result.
type jsonScratch struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var jsonScratchPool = sync.Pool{New: func() interface{} {
	js := &jsonScratch{}
	js.enc = json.NewEncoder(&js.buf)
	return js
}}

func (js *jsonScratch) release() {
	if js.buf.Cap() > maxPooledBuffer {
		return
	}
	js.buf.Reset()
	jsonScratchPool.Put(js)
}

func unsupportedFloat(f float64, bits int) error {
	return fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, bits))
}

// appendSortedKeys appends m's keys to keys and sorts them in byte order.
// Callers pass a stack buffer so that small maps sort without allocating.
func appendSortedKeys[V any](keys []string, m map[string]V) []string {
	for k := range m {
		keys = append(keys, k)
	}
	if len(keys) > 1 {
		slices.Sort(keys)
	}
	return keys
}

// appendStringField appends `"key":"v"` (with a leading comma unless *first)
// when v is non-empty, as encoding/json's omitempty would, and then clears
// *first.
func (e *encoder) appendStringField(b []byte, key, v string, first *bool) []byte {
	if v == "" {
		return b
	}
	b = appendKey(b, key, *first)
	*first = false
	return e.appendString(b, v)
}
