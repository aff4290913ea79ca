package xray

import (
	"math"
	"runtime"
	"strconv"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

// appendEntity appends the JSON document of s: its fields in the order and
// with the omission rules of encoding/json over Segment, without the Dummy
// key, and with its children taken from s.Subsegments. The caller holds s's
// lock, so no map of s changes while it is encoded.
func (e *encoder) appendEntity(b []byte, s *Segment) []byte {
	b = append(b, '{')
	if s.TraceID != "" {
		b = append(b, `"trace_id":`...)
		b = e.appendString(b, s.TraceID)
		b = append(b, ',')
	}
	b = append(b, `"id":`...)
	b = e.appendString(b, s.ID)
	b = append(b, `,"name":`...)
	b = e.appendString(b, s.Name)
	b = append(b, `,"start_time":`...)
	b = e.appendTime(b, s.StartTime)
	if s.EndTime != 0 {
		b = append(b, `,"end_time":`...)
		b = e.appendTime(b, s.EndTime)
	}
	if s.InProgress {
		b = append(b, `,"in_progress":true`...)
	}
	if s.ParentID != "" {
		b = append(b, `,"parent_id":`...)
		b = e.appendString(b, s.ParentID)
	}
	if s.Fault {
		b = append(b, `,"fault":true`...)
	}
	if s.Error {
		b = append(b, `,"error":true`...)
	}
	if s.Throttle {
		b = append(b, `,"throttle":true`...)
	}
	if s.Cause != nil && !e.bare {
		b = append(b, `,"cause":`...)
		b = e.appendCause(b, s.Cause)
	}
	b = e.appendOptString(b, `,"resource_arn":`, s.ResourceARN)
	b = e.appendOptString(b, `,"origin":`, s.Origin)
	b = e.appendOptString(b, `,"type":`, s.Type)
	b = e.appendOptString(b, `,"namespace":`, s.Namespace)
	b = e.appendOptString(b, `,"user":`, s.User)
	if len(s.PrecursorIDs) > 0 && !e.bare {
		b = append(b, `,"precursor_ids":[`...)
		for i, id := range s.PrecursorIDs {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendString(b, id)
		}
		b = append(b, ']')
	}
	if s.HTTP != nil {
		b = append(b, `,"http":`...)
		b = e.appendHTTP(b, s.HTTP)
	}
	if e.bare {
		b = e.appendBareAWS(b, s)
	} else if len(s.AWS) > 0 {
		b = append(b, `,"aws":`...)
		b = e.appendAWS(b, s)
	}
	if s.Service != nil {
		b = append(b, `,"service":`...)
		b = e.appendService(b, s.Service)
	}
	if s.SQL != nil && !e.bare {
		b = append(b, `,"sql":`...)
		b = e.appendSQL(b, s.SQL)
	}
	if len(s.Annotations) > 0 && !e.bare {
		b = append(b, `,"annotations":`...)
		b = e.appendUserMap(b, s.Annotations, "annotation")
	}
	if e.bare {
		b = append(b, bareMetadataJSON...)
	} else if len(s.Metadata) > 0 {
		b = append(b, `,"metadata":{`...)
		var kb [16]string
		for i, ns := range appendSortedKeys(kb[:0], s.Metadata) {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendString(b, ns)
			b = append(b, ':')
			if m := s.Metadata[ns]; m == nil {
				b = append(b, "null"...)
			} else {
				b = e.appendUserMap(b, m, "metadata")
			}
		}
		b = append(b, '}')
	}
	if len(s.Subsegments) > 0 {
		b = append(b, `,"subsegments":[`...)
		for i, raw := range s.Subsegments {
			if i > 0 {
				b = append(b, ',')
			}
			if raw == nil {
				b = append(b, "null"...)
			} else {
				b = append(b, raw...)
			}
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// bareNote says what a document encoded bare left out; bareMetadataJSON
// is its metadata, which carries the note.
const (
	bareNote         = "annotations, metadata, cause, sql and aws data left out: the document did not fit into a datagram"
	bareMetadataJSON = `,"metadata":{"default":{"xray_sdk":"` + bareNote + `"}}`
)

// appendBareAWS appends the aws block of a document encoded bare: aws.xray
// only, when s has one.
func (e *encoder) appendBareAWS(b []byte, s *Segment) []byte {
	if sdk, ok := s.AWS["xray"].(SDK); ok {
		b = append(b, `,"aws":{"xray":`...)
		b = e.appendSDK(b, &sdk)
		return append(b, '}')
	}
	return b
}

// appendAWS appends the aws block of s, the AWS map, as encoding/json
// writes it.
func (e *encoder) appendAWS(b []byte, s *Segment) []byte {
	if len(s.AWS) == 1 {
		// The usual block of a sampled root: aws.xray alone, without a
		// rule name.
		if sdk, ok := s.AWS["xray"].(SDK); ok && sdk == (SDK{Version: SDKVersion, Type: SDKType}) {
			b = append(b, '{')
			b = append(b, sdkEntryJSON...)
			return append(b, '}')
		}
	}
	return e.appendUserMap(b, s.AWS, "aws")
}

// Pre-encoded constant parts of root documents. Their strings are shorter
// than the shortest truncation level, so truncation never changes them.
var (
	// sdkEntryJSON is the aws.xray entry without a rule name.
	sdkEntryJSON = []byte(`"xray":{"sdk_version":` + strconv.Quote(SDKVersion) + `,"sdk":` + strconv.Quote(SDKType) + `}`)
	// serviceRuntimeJSON ends the service block of this process's roots;
	// nil when the runtime version is too long to be used as is.
	serviceRuntimeJSON = func() []byte {
		if len(goRuntimeVersion) > truncationLevels[len(truncationLevels)-1] {
			return nil
		}
		b := append([]byte(`"runtime_version":`), appendQuoted(nil, goRuntimeVersion, true)...)
		b = append(b, `,"runtime":`...)
		b = appendQuoted(b, runtime.Compiler, true)
		return append(b, '}')
	}()
)

// appendTime appends a time field. A NaN or infinite time (only possible
// when set by hand) is written as 0 so that the document stays valid.
func (e *encoder) appendTime(b []byte, t float64) []byte {
	if math.IsNaN(t) || math.IsInf(t, 0) {
		e.valueErrors++
		return append(b, '0')
	}
	if out, ok := appendEpochSeconds(b, t); ok {
		return out
	}
	return appendFloat(b, t, 64)
}

func (e *encoder) appendOptString(b []byte, key, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, key...)
	return e.appendString(b, v)
}

// appendUserMap appends a map of user-supplied values with sorted keys;
// values that cannot be encoded become error strings.
func (e *encoder) appendUserMap(b []byte, m map[string]interface{}, what string) []byte {
	var kb [16]string
	b = append(b, '{')
	for i, k := range appendSortedKeys(kb[:0], m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.appendString(b, k)
		b = append(b, ':')
		b = e.appendUserValue(b, m[k], what)
	}
	return append(b, '}')
}

func (e *encoder) appendCause(b []byte, c *CauseData) []byte {
	b = append(b, '{')
	first := true
	b = e.appendStringField(b, "working_directory", c.WorkingDirectory, &first)
	if len(c.Paths) > 0 {
		b = appendKey(b, "paths", first)
		b = append(b, '[')
		for i, p := range c.Paths {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendString(b, p)
		}
		b = append(b, ']')
		first = false
	}
	if len(c.Exceptions) > 0 {
		b = appendKey(b, "exceptions", first)
		b = append(b, '[')
		for i := range c.Exceptions {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendException(b, &c.Exceptions[i])
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func (e *encoder) appendException(b []byte, x *exception.Exception) []byte {
	b = append(b, '{')
	first := true
	b = e.appendStringField(b, "id", x.ID, &first)
	b = e.appendStringField(b, "type", x.Type, &first)
	b = e.appendStringField(b, "message", x.Message, &first)
	if len(x.Stack) > 0 {
		b = appendKey(b, "stack", first)
		b = append(b, '[')
		for i := range x.Stack {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendFrame(b, &x.Stack[i])
		}
		b = append(b, ']')
		first = false
	}
	if x.Remote {
		b = appendKey(b, "remote", first)
		b = append(b, "true"...)
	}
	return append(b, '}')
}

func (e *encoder) appendFrame(b []byte, f *exception.Stack) []byte {
	b = append(b, '{')
	first := true
	b = e.appendStringField(b, "path", f.Path, &first)
	if f.Line != 0 {
		b = appendKey(b, "line", first)
		b = strconv.AppendInt(b, int64(f.Line), 10)
		first = false
	}
	b = e.appendStringField(b, "label", f.Label, &first)
	return append(b, '}')
}

func (e *encoder) appendHTTP(b []byte, h *HTTPData) []byte {
	b = append(b, '{')
	first := true
	if r := h.Request; r != nil {
		b = appendKey(b, "request", first)
		b = e.appendRequest(b, r)
		first = false
	}
	if r := h.Response; r != nil {
		b = appendKey(b, "response", first)
		b = append(b, '{')
		inner := true
		if r.Status != 0 {
			b = appendKey(b, "status", inner)
			b = strconv.AppendInt(b, int64(r.Status), 10)
			inner = false
		}
		if r.ContentLength != 0 {
			b = appendKey(b, "content_length", inner)
			b = strconv.AppendInt(b, int64(r.ContentLength), 10)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

func (e *encoder) appendRequest(b []byte, r *RequestData) []byte {
	b = append(b, '{')
	first := true
	for _, f := range [...]struct{ key, val string }{
		{"method", r.Method}, {"url", r.URL}, {"client_ip", r.ClientIP}, {"user_agent", r.UserAgent},
	} {
		if f.val != "" {
			b = appendKey(b, f.key, first)
			b = e.appendString(b, f.val)
			first = false
		}
	}
	if r.XForwardedFor {
		b = appendKey(b, "x_forwarded_for", first)
		b = append(b, "true"...)
		first = false
	}
	if r.Traced {
		b = appendKey(b, "traced", first)
		b = append(b, "true"...)
	}
	return append(b, '}')
}

func (e *encoder) appendService(b []byte, s *ServiceData) []byte {
	if s.RuntimeVersion == goRuntimeVersion && s.Runtime == runtime.Compiler && serviceRuntimeJSON != nil {
		// The usual block: only the version varies.
		b = append(b, '{')
		if s.Version != "" {
			b = append(b, `"version":`...)
			b = e.appendString(b, s.Version)
			b = append(b, ',')
		}
		return append(b, serviceRuntimeJSON...)
	}
	b = append(b, '{')
	first := true
	for _, f := range [...]struct{ key, val string }{
		{"version", s.Version}, {"runtime_version", s.RuntimeVersion}, {"runtime", s.Runtime},
	} {
		if f.val != "" {
			b = appendKey(b, f.key, first)
			b = e.appendString(b, f.val)
			first = false
		}
	}
	return append(b, '}')
}

func (e *encoder) appendSQL(b []byte, s *SQLData) []byte {
	b = append(b, '{')
	first := true
	for _, f := range [...]struct{ key, val string }{
		{"connection_string", s.ConnectionString}, {"url", s.URL}, {"database_type", s.DatabaseType},
		{"database_version", s.DatabaseVersion}, {"driver_version", s.DriverVersion}, {"user", s.User},
		{"preparation", s.Preparation}, {"sanitized_query", s.SanitizedQuery},
	} {
		if f.val != "" {
			b = appendKey(b, f.key, first)
			b = e.appendString(b, f.val)
			first = false
		}
	}
	return append(b, '}')
}
