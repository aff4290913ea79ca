package xray

import (
	"encoding/json"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

// Segment is a segment or a subsegment. Its exported fields are the JSON
// document sent to the daemon (see the json tags) plus bookkeeping marked
// `json:"-"`.
//
// The embedded RWMutex guards the fields: hold Lock while reading or writing
// them directly or through the Get* helpers, and release it before calling
// any function of this package. The identity of an entity (TraceID, ID,
// ParentID, Sampled, Dummy, ParentSegment, IncomingHeader) is set when it
// begins and read without the lock afterwards (DownstreamHeader, the
// integrations' trace headers, Close): treat it as read-only.
type Segment struct {
	sync.RWMutex

	// Document fields, in emission order. The unexported bookkeeping
	// fields sit in the alignment gaps between them, which keeps a
	// Segment within the 384-byte size class (see segment_layout_test.go).
	TraceID    string  `json:"trace_id,omitempty"`
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	StartTime  float64 `json:"start_time"`
	EndTime    float64 `json:"end_time,omitempty"`
	InProgress bool    `json:"in_progress,omitempty"`

	closed    bool  // Close or CloseAndStream ran
	completed bool  // this entity's completion reached its parent
	sentAny   bool  // appeared in some document (possibly in progress)
	openCount int32 // children that have not completed yet; guarded by the lock

	ParentID string `json:"parent_id,omitempty"`
	Fault    bool   `json:"fault,omitempty"`
	Error    bool   `json:"error,omitempty"`
	Throttle bool   `json:"throttle,omitempty"`

	finalSent bool // its closed state was delivered
	// pendingFinal (roots only) counts subsegments embedded in their
	// closed state by a pack in progress; they leave liveCount when the
	// pack ends.
	pendingFinal atomic.Int32

	Cause        *CauseData                        `json:"cause,omitempty"`
	ResourceARN  string                            `json:"resource_arn,omitempty"`
	Origin       string                            `json:"origin,omitempty"`
	Type         string                            `json:"type,omitempty"`
	Namespace    string                            `json:"namespace,omitempty"`
	User         string                            `json:"user,omitempty"`
	PrecursorIDs []string                          `json:"precursor_ids,omitempty"`
	HTTP         *HTTPData                         `json:"http,omitempty"`
	AWS          map[string]interface{}            `json:"aws,omitempty"`
	Service      *ServiceData                      `json:"service,omitempty"`
	SQL          *SQLData                          `json:"sql,omitempty"`
	Annotations  map[string]interface{}            `json:"annotations,omitempty"`
	Metadata     map[string]map[string]interface{} `json:"metadata,omitempty"`
	Subsegments  []json.RawMessage                 `json:"subsegments,omitempty"`

	// Dummy marks an entity that is never sent (unsampled). It is not part
	// of the emitted JSON.
	Dummy bool

	// Bookkeeping, never serialised.
	Sampled          bool `json:"-"`
	RequestWasTraced bool `json:"-"`
	ContextDone      bool `json:"-"`
	Emitted          bool `json:"-"`

	detached bool // cut out of its parent's child list by streaming
	removed  bool // removed by RemoveSubsegment; never sent

	IncomingHeader *header.Header `json:"-"`
	ParentSegment  *Segment       `json:"-"`
	Configuration  *Config        `json:"-"`
	Facade         bool           `json:"-"`

	// liveCount (roots only) counts subsegments of the tree that were begun
	// and not yet sent for good; it drives count-based streaming.
	liveCount atomic.Int32

	// parent is the entity this one was begun under (nil for roots).
	parent *Segment
	// ctx is the context the begin functions return with the entity
	// (saves an allocation; see segmentContext).
	ctx segmentContext
	// ext holds what only some entities need: the child list (entities
	// with children) and the state of roots. Roots get it at birth, in
	// their own allocation; other entities when their first child begins,
	// under their lock.
	ext *segmentExt
}

// segmentExt is the part of a Segment only parents and roots need.
type segmentExt struct {
	// children are the non-dummy subsegments begun under this entity and
	// not cut out of it; guarded by the entity's lock. childStore backs it
	// while there are at most two.
	children   []*Segment
	childStore [2]*Segment
	// serviceStore backs Service on root segments.
	serviceStore ServiceData
}

// rootAlloc is a root segment with its extension, in one allocation.
type rootAlloc struct {
	seg Segment
	ext segmentExt
	cfg Config
}

// rootWithIDs is a root segment that starts a new trace: its extension and
// the bytes of its trace id and id, in one allocation.
type rootWithIDs struct {
	seg Segment
	ext segmentExt
	cfg Config
	ids [rootIDsLen]byte
}

// unsampledRoot is an unsampled root segment with its service block and
// its configuration, in one allocation (640-byte class with its
// allocation header).
type unsampledRoot struct {
	seg     Segment
	service ServiceData
	cfg     Config
}

// extLocked returns s's extension, creating it on first use. The caller
// holds s's lock (or s is not shared yet).
func (s *Segment) extLocked() *segmentExt {
	if s.ext == nil {
		s.ext = &segmentExt{}
	}
	return s.ext
}

// childCount is len(s.kids()). The caller holds s's lock.
func (s *Segment) childCount() int {
	if s.ext == nil {
		return 0
	}
	return len(s.ext.children)
}

// CauseData is the cause block: the working directory and the exceptions
// recorded on an entity.
type CauseData struct {
	WorkingDirectory string                `json:"working_directory,omitempty"`
	Paths            []string              `json:"paths,omitempty"`
	Exceptions       []exception.Exception `json:"exceptions,omitempty"`
}

// HTTPData is the http block.
type HTTPData struct {
	Request  *RequestData  `json:"request,omitempty"`
	Response *ResponseData `json:"response,omitempty"`
}

// RequestData is the http.request block.
type RequestData struct {
	Method        string `json:"method,omitempty"`
	URL           string `json:"url,omitempty"`
	ClientIP      string `json:"client_ip,omitempty"`
	UserAgent     string `json:"user_agent,omitempty"`
	XForwardedFor bool   `json:"x_forwarded_for,omitempty"`
	Traced        bool   `json:"traced,omitempty"`
}

// ResponseData is the http.response block.
type ResponseData struct {
	Status        int `json:"status,omitempty"`
	ContentLength int `json:"content_length,omitempty"`
}

// ServiceData is the service block of root segments.
type ServiceData struct {
	Version        string `json:"version,omitempty"`
	RuntimeVersion string `json:"runtime_version,omitempty"`
	Runtime        string `json:"runtime,omitempty"`
}

// SQLData is the sql block of database subsegments.
type SQLData struct {
	ConnectionString string `json:"connection_string,omitempty"`
	URL              string `json:"url,omitempty"`
	DatabaseType     string `json:"database_type,omitempty"`
	DatabaseVersion  string `json:"database_version,omitempty"`
	DriverVersion    string `json:"driver_version,omitempty"`
	User             string `json:"user,omitempty"`
	Preparation      string `json:"preparation,omitempty"`
	SanitizedQuery   string `json:"sanitized_query,omitempty"`
}

// SDK is the aws.xray block: which SDK recorded the segment and, for
// centralized sampling, the rule that sampled it.
type SDK struct {
	Version  string `json:"sdk_version,omitempty"`
	Type     string `json:"sdk,omitempty"`
	RuleName string `json:"sampling_rule_name,omitempty"`
}

// GetCause returns the cause block, creating it on first use. The caller
// holds the segment's lock.
func (s *Segment) GetCause() *CauseData {
	if s.Cause == nil {
		s.Cause = &CauseData{}
	}
	return s.Cause
}

// GetHTTP returns the http block, creating it on first use. The caller holds
// the segment's lock.
func (s *Segment) GetHTTP() *HTTPData {
	if s.HTTP == nil {
		s.HTTP = &HTTPData{}
	}
	return s.HTTP
}

// GetAWS returns the aws block, creating it on first use. The caller holds
// the segment's lock.
func (s *Segment) GetAWS() map[string]interface{} {
	if s.AWS == nil {
		s.AWS = make(map[string]interface{})
	}
	return s.AWS
}

// GetService returns the service block, creating it on first use. The
// caller holds the segment's lock.
func (s *Segment) GetService() *ServiceData {
	if s.Service == nil {
		s.Service = &ServiceData{}
	}
	return s.Service
}

// GetSQL returns the sql block, creating it on first use. The caller holds
// the segment's lock.
func (s *Segment) GetSQL() *SQLData {
	if s.SQL == nil {
		s.SQL = &SQLData{}
	}
	return s.SQL
}

// GetConfiguration returns the entity's configuration, creating an empty
// one on first use. A root segment's configuration is its own copy of the
// settings in effect when it began; the caller holds the segment's lock.
func (s *Segment) GetConfiguration() *Config {
	if s.Configuration == nil {
		s.Configuration = &Config{}
	}
	return s.Configuration
}

// GetRequest returns the http.request block, creating it on first use.
func (d *HTTPData) GetRequest() *RequestData {
	if d.Request == nil {
		d.Request = &RequestData{}
	}
	return d.Request
}

// GetResponse returns the http.response block, creating it on first use.
func (d *HTTPData) GetResponse() *ResponseData {
	if d.Response == nil {
		d.Response = &ResponseData{}
	}
	return d.Response
}

// root returns the root of the entity's tree (itself for roots and for
// segments built by hand).
func (s *Segment) root() *Segment {
	if s.ParentSegment != nil {
		return s.ParentSegment
	}
	return s
}
