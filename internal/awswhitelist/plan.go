package awswhitelist

import (
	"encoding"
	"encoding/json"
	"reflect"
	"sort"
)

// plan is where the fields of one side live in one struct type, and how
// their values are read.
type plan struct {
	fields []location // parallel to side.fields
}

// location is one field of a plan.
type location struct {
	index []int // nil: the struct has no exported field of that name
	// ptr: the field is a pointer to a scalar, recorded as its target.
	ptr bool
	// omitZero: a non-pointer scalar, left out when zero (unset).
	omitZero bool
	conv     conversion
}

// conversion says how a field's value is stored in the aws block. Scalars
// are stored as plain Go values (the same JSON as the original, without
// reflection at encoding time); everything else as it is.
type conversion uint8

const (
	convAsIs     conversion = iota // the value as is
	convNillable                   // the value as is; nil is unset
	convString
	convBool
	convInt
	convUint
	convFloat32
	convFloat64
	convSkip // cannot be encoded (func, chan): never recorded
)

// planFor returns the plan of struct type t, building it on first use.
func (s *side) planFor(t reflect.Type) *plan {
	if p, ok := s.plans.Load(t); ok {
		return p.(*plan)
	}
	p := &plan{fields: make([]location, len(s.fields))}
	for i, f := range s.fields {
		sf, ok := t.FieldByName(f.name)
		if !ok || !sf.IsExported() {
			continue
		}
		p.fields[i] = locate(sf)
	}
	actual, _ := s.plans.LoadOrStore(t, p)
	return actual.(*plan)
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// marshalsItself reports whether encoding/json would use a method of t
// rather than its kind.
func marshalsItself(t reflect.Type) bool {
	for _, m := range []reflect.Type{jsonMarshaler, textMarshaler} {
		if t.Implements(m) || reflect.PointerTo(t).Implements(m) {
			return true
		}
	}
	return false
}

func locate(sf reflect.StructField) location {
	loc := location{index: sf.Index}
	t := sf.Type
	if t.Kind() == reflect.Pointer {
		if marshalsItself(t.Elem()) {
			loc.conv = convNillable
			return loc
		}
		if c := scalarConversion(t.Elem().Kind()); c != convAsIs {
			loc.ptr = true
			loc.conv = c
			return loc
		}
		loc.conv = convNillable
		return loc
	}
	if marshalsItself(t) {
		return loc
	}
	switch t.Kind() {
	case reflect.Map, reflect.Slice, reflect.Interface:
		loc.conv = convNillable
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		loc.conv = convSkip
	default:
		if c := scalarConversion(t.Kind()); c != convAsIs {
			loc.conv = c
			loc.omitZero = true
		}
	}
	return loc
}

func scalarConversion(k reflect.Kind) conversion {
	switch k {
	case reflect.String:
		return convString
	case reflect.Bool:
		return convBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return convInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return convUint
	case reflect.Float32:
		return convFloat32
	case reflect.Float64:
		return convFloat64
	}
	return convAsIs
}

// value reads a parameter or "value" descriptor; ok is false when the field
// is unset.
func (loc *location) value(fv reflect.Value) (interface{}, bool) {
	if loc.ptr {
		if fv.IsNil() {
			return nil, false
		}
		fv = fv.Elem()
	} else if loc.omitZero && fv.IsZero() {
		return nil, false
	}
	switch loc.conv {
	case convString:
		return fv.String(), true
	case convBool:
		return fv.Bool(), true
	case convInt:
		return fv.Int(), true
	case convUint:
		return fv.Uint(), true
	case convFloat32:
		return float32(fv.Float()), true
	case convFloat64:
		return fv.Float(), true
	case convNillable:
		if fv.IsNil() {
			return nil, false
		}
		return fv.Interface(), true
	case convSkip:
		return nil, false
	}
	return fv.Interface(), true
}

// mapKeys reads a "get_keys" descriptor: the keys of a map (sorted when they
// are strings). A field that is nil or not a map is unset.
func mapKeys(fv reflect.Value) (interface{}, bool) {
	for fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Interface {
		if fv.IsNil() {
			return nil, false
		}
		fv = fv.Elem()
	}
	if fv.Kind() != reflect.Map || fv.IsNil() {
		return nil, false
	}
	if fv.Type().Key().Kind() == reflect.String {
		keys := make([]string, 0, fv.Len())
		iter := fv.MapRange()
		for iter.Next() {
			keys = append(keys, iter.Key().String())
		}
		sort.Strings(keys)
		return keys, true
	}
	keys := make([]interface{}, 0, fv.Len())
	iter := fv.MapRange()
	for iter.Next() {
		keys = append(keys, iter.Key().Interface())
	}
	return keys, true
}

// length reads a "get_count" descriptor: the length of a slice, array or
// map, 0 when nil. A field of another kind is unset.
func length(fv reflect.Value) (interface{}, bool) {
	for fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Interface {
		if fv.IsNil() {
			return 0, true
		}
		fv = fv.Elem()
	}
	switch fv.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return fv.Len(), true
	}
	return nil, false
}
