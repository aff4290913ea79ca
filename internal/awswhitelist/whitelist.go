package awswhitelist

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// Whitelist is a compiled whitelist. It is immutable and safe for concurrent
// use.
type Whitelist struct {
	services map[string]*service
	// normalized maps normalizeService(name) to the service, so that AWS SDK
	// for Go v2 service ids ("DynamoDB", "SageMaker Runtime") find the
	// entries written under v1 service names ("dynamodb",
	// "runtime.sagemaker").
	normalized map[string]*service
}

type service struct {
	operations map[string]*Operation
}

// Operation is the whitelist entry of one operation: what to record from the
// call's input (AddRequest) and output (AddResponse).
type Operation struct {
	request  side
	response side
}

// side is the compiled request or response half of an operation entry.
type side struct {
	fields []field
	// malformed is set when the parameters section is not an array (or
	// holds non-strings) or the descriptors section is not an object.
	malformed bool
	// plans caches, per struct type, where each field lives.
	plans sync.Map // reflect.Type -> *plan
}

// fieldKind says what is recorded for a field.
type fieldKind uint8

const (
	// kindValue records the field's value (parameters, "value"
	// descriptors).
	kindValue fieldKind = iota
	// kindKeys records the keys of a map field ("map" + "get_keys").
	kindKeys
	// kindCount records the length of a list or map field ("list" +
	// "get_count").
	kindCount
	// kindMissingKeys is a descriptor that says none of the above: an
	// error is logged and nothing recorded.
	kindMissingKeys
)

// field is one name of a parameters list or descriptors object.
type field struct {
	name string // Go field name
	key  string // aws block key
	kind fieldKind
}

// Log texts of the whitelist (exact, users may search logs for them).
const (
	msgReadError    = "Error occurred while reading customized AWS whitelist JSON file. %v \nReverting to default AWS whitelist JSON file."
	msgMalformed    = "failed to get values for aws attribute: cannot get corresponding items for given aws whitelisting json file"
	msgMissingKeys  = "Missing keys in request / response descriptors in AWS whitelist JSON file."
	msgNotAStruct   = "keyValue only accepts structs; got reflect.Value"
	defaultAsset    = "resources/AWSWhitelist.json"
	sectionServices = "services"
)

// Parse compiles a whitelist document. The only error is the JSON decoding
// error of a document that is not a JSON object; sections of an unexpected
// type are ignored (services and operations, with an error logged now) or
// reported each time they are used (parameters and descriptors).
func Parse(data []byte) (*Whitelist, error) {
	var doc map[string]interface{}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return compile(doc), nil
}

func compile(doc map[string]interface{}) *Whitelist {
	w := &Whitelist{
		services:   make(map[string]*service),
		normalized: make(map[string]*service),
	}
	raw, present := doc[sectionServices]
	services, ok := raw.(map[string]interface{})
	if !ok {
		if present && raw != nil {
			logger.Errorf("xray: AWS whitelist: %q is not a JSON object; no parameters will be recorded", sectionServices)
		}
		return w
	}
	for name, sv := range services {
		svc := compileService(name, sv)
		if svc == nil {
			continue
		}
		w.services[name] = svc
		w.normalized[string(normalizeService(nil, name))] = svc
	}
	return w
}

func compileService(name string, raw interface{}) *service {
	obj, ok := raw.(map[string]interface{})
	if !ok {
		logger.Errorf("xray: AWS whitelist: service %q is not a JSON object; ignored", name)
		return nil
	}
	svc := &service{operations: make(map[string]*Operation)}
	ops, ok := obj["operations"].(map[string]interface{})
	if !ok {
		if v, present := obj["operations"]; present && v != nil {
			logger.Errorf("xray: AWS whitelist: the operations of service %q are not a JSON object; ignored", name)
		}
		return svc
	}
	for opName, ov := range ops {
		o, ok := ov.(map[string]interface{})
		if !ok {
			logger.Errorf("xray: AWS whitelist: operation %q of service %q is not a JSON object; ignored", opName, name)
			continue
		}
		op := &Operation{}
		compileSide(&op.request, o, "request_parameters", "request_descriptors")
		compileSide(&op.response, o, "response_parameters", "response_descriptors")
		svc.operations[opName] = op
	}
	return svc
}

// compileSide fills s from the parameters and descriptors sections of an
// operation object. A section that is null or absent contributes nothing.
func compileSide(s *side, o map[string]interface{}, paramsKey, descsKey string) {
	if raw := o[paramsKey]; raw != nil {
		list, ok := raw.([]interface{})
		if !ok {
			s.malformed = true
		}
		for _, e := range list {
			name, ok := e.(string)
			if !ok {
				s.malformed = true
				continue
			}
			s.fields = append(s.fields, field{name: name, key: ConvertKey(name), kind: kindValue})
		}
	}
	if raw := o[descsKey]; raw != nil {
		descs, ok := raw.(map[string]interface{})
		if !ok {
			s.malformed = true
			return
		}
		names := make([]string, 0, len(descs))
		for name := range descs {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			d, _ := descs[name].(map[string]interface{})
			s.fields = append(s.fields, compileDescriptor(name, d))
		}
	}
}

// compileDescriptor reads one descriptor: "map"+"get_keys" (any non-null
// values) records the map's keys, else "list"+"get_count" the length, else
// "value" the value; the key is "rename_to" or the lower-cased name.
func compileDescriptor(name string, d map[string]interface{}) field {
	has := func(k string) bool { return d[k] != nil }
	f := field{name: name, kind: kindMissingKeys}
	switch {
	case has("map") && has("get_keys"):
		f.kind = kindKeys
	case has("list") && has("get_count"):
		f.kind = kindCount
	case has("value"):
		f.kind = kindValue
	}
	key := strings.ToLower(name)
	if rename, ok := d["rename_to"].(string); ok {
		key = rename
	}
	f.key = ConvertKey(key)
	return f
}

// Operation returns the entry of an operation of a service named as in AWS
// SDK for Go v1 (the client's ServiceName, e.g. "dynamodb"), or nil.
func (w *Whitelist) Operation(serviceName, operation string) *Operation {
	if w == nil {
		return nil
	}
	svc := w.services[serviceName]
	if svc == nil {
		return nil
	}
	return svc.operations[operation]
}

// v2Aliases maps normalized AWS SDK for Go v2 service ids whose v1 service
// names differ by more than case and punctuation to those names.
var v2Aliases = map[string]string{
	"sagemakerruntime": "runtime.sagemaker",
}

// OperationV2 returns the entry of an operation of a service named by its
// AWS SDK for Go v2 service id (e.g. "DynamoDB", "SageMaker Runtime"), or
// nil. The id matches a whitelist service named exactly like it, or equal
// to it ignoring case, spaces and punctuation, or its v1 name.
func (w *Whitelist) OperationV2(serviceID, operation string) *Operation {
	if w == nil {
		return nil
	}
	svc := w.services[serviceID]
	if svc == nil {
		var buf [64]byte
		norm := normalizeService(buf[:0], serviceID)
		svc = w.normalized[string(norm)]
		if svc == nil {
			if alias, ok := v2Aliases[string(norm)]; ok {
				svc = w.services[alias]
			}
		}
	}
	if svc == nil {
		return nil
	}
	return svc.operations[operation]
}

// normalizeService appends name lower-cased, with everything but ASCII
// letters and digits removed, to dst.
func normalizeService(dst []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			dst = append(dst, c)
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		}
	}
	return dst
}
