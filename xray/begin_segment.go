package xray

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/internal/plugins"
	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
)

var goRuntimeVersion = runtime.Version()

// requestPool recycles sampling requests for segments of HTTP requests: the
// strategy receives a pointer, which would otherwise escape to the heap on
// every segment.
var requestPool = sync.Pool{New: func() interface{} { return new(sampling.Request) }}

// lastNameRequest is the sampling request of the last segment begun without
// an HTTP request. Such requests carry only the service name, which rarely
// changes, so one immutable request is shared until the name does.
// Strategies only read requests.
var lastNameRequest atomic.Pointer[sampling.Request]

func nameRequest(name string) *sampling.Request {
	if r := lastNameRequest.Load(); r != nil && r.ServiceName == name {
		return r
	}
	r := &sampling.Request{ServiceName: name}
	lastNameRequest.Store(r)
	return r
}

// BeginSegment begins a root segment named name and returns it with a
// context that carries it. The sampling strategy decides whether it is sent.
func BeginSegment(ctx context.Context, name string) (context.Context, *Segment) {
	return BeginSegmentWithSampling(ctx, name, nil, nil)
}

// BeginSegmentWithSampling begins a root segment. With both r and h given,
// h's sampling decision is honoured, and an undecided h lets the strategy
// decide on r's host, method and path.
func BeginSegmentWithSampling(ctx context.Context, name string, r *http.Request, h *header.Header) (context.Context, *Segment) {
	return beginSegment(nil, nil, nil, ctx, name, r, h, false)
}

// beginSegment is BeginSegmentWithSampling. With traceFromHeader set (by
// NewSegmentFromHeader, which then replaces the trace id with h's), a
// sampled segment only gets a new segment id. s, when not nil, is zeroed
// storage for the segment that the caller allocated along with its own
// per-request state (one allocation instead of two); nil allocates. With
// s, ids (rootIDsLen bytes from the same allocation, or nil) holds the
// bytes of new trace ids.
func beginSegment(s *Segment, ids []byte, cfgBuf *Config, ctx context.Context, name string, r *http.Request, h *header.Header, traceFromHeader bool) (context.Context, *Segment) {
	ctx = orBackground(ctx)
	if SdkDisabled() {
		if s == nil {
			s = &Segment{}
		}
		s.ext = nil // caller storage: keep the stand-in empty
		// Not withSegment: the segment must stay deep-equal to
		// &Segment{}.
		return context.WithValue(ctx, ContextKey, s), s
	}
	if tn := getenv(envTracingName); tn != "" {
		name = tn
	}
	cfg := configFor(ctx)
	pm := plugins.Get()
	truncated := truncateName(name)

	// Sample first, then build: the decision picks what to allocate.
	sampled, rule := decideSampling(cfg, name, truncated, pm.Origin, r, h)
	randomIDs := sampled || noopIDsDisabled()
	var idBuf []byte
	var svc *ServiceData
	switch {
	case s != nil:
		if s.ext == nil {
			s.ext = &segmentExt{}
		}
		if cfgBuf == nil {
			cfgBuf = new(Config)
		}
		idBuf, svc = ids, &s.ext.serviceStore
	case randomIDs && !traceFromHeader:
		a := new(rootWithIDs)
		a.seg.ext, idBuf, svc, cfgBuf = &a.ext, a.ids[:], &a.ext.serviceStore, &a.cfg
		s = &a.seg
	case sampled:
		a := new(rootAlloc)
		a.seg.ext, svc, cfgBuf = &a.ext, &a.ext.serviceStore, &a.cfg
		s = &a.seg
	default:
		// Unsampled roots never get children (dummy children are not
		// listed) and are never sent: no extension.
		a := new(unsampledRoot)
		s, svc, cfgBuf = &a.seg, &a.service, &a.cfg
	}
	// Every root has its own copy of the configuration: code that changes
	// one segment's Configuration changes only that segment.
	*cfgBuf = *cfg

	now := nowUnixNano()
	s.ParentSegment = s
	s.Configuration = cfgBuf
	s.Name = truncated
	s.StartTime = float64(now) / 1e9
	s.InProgress = true
	s.Origin = pm.Origin
	s.Sampled = sampled
	s.Dummy = !sampled
	switch {
	case !randomIDs:
		s.TraceID, s.ID = noopTraceID, noopID
	case traceFromHeader:
		s.TraceID, s.ID = h.TraceID, NewSegmentID()
	default:
		s.TraceID, s.ID = newRootIDs(idBuf, now/1e9)
	}

	*svc = ServiceData{Version: cfg.ServiceVersion, RuntimeVersion: goRuntimeVersion, Runtime: runtime.Compiler}
	s.Service = svc
	if sampled {
		// Unsampled roots are never sent: they skip building the aws
		// block.
		s.AWS = rootAWS(pm, rule)
	}
	if logger.DebugEnabled() {
		logger.DebugMsg(beginMsg{name: s.Name, sampled: sampled})
	}
	return withSegment(ctx, s), s
}

// decideSampling returns whether a new root is sampled and the name of the
// centralized rule that decided, if any.
func decideSampling(cfg *Config, name, truncated, origin string, r *http.Request, h *header.Header) (bool, *string) {
	if cfg.SamplingStrategy == nil {
		return false, nil
	}
	var d *sampling.Decision
	if r == nil || h == nil {
		d = cfg.SamplingStrategy.ShouldTrace(nameRequest(name))
	} else {
		switch h.SamplingDecision {
		case header.Sampled:
			return true, nil
		case header.NotSampled:
			return false, nil
		}
		req := requestPool.Get().(*sampling.Request)
		*req = sampling.Request{Host: r.Host, Method: r.Method, ServiceName: truncated, ServiceType: origin}
		if r.URL != nil {
			req.URL = r.URL.Path
		}
		d = cfg.SamplingStrategy.ShouldTrace(req)
		*req = sampling.Request{}
		requestPool.Put(req)
	}
	if d == nil {
		return false, nil
	}
	return d.Sample, d.Rule
}

// NewSegmentFromHeader begins a root segment for a request that arrived with
// trace header h: the segment continues h's trace (Root) under h's parent
// (Parent), and h's sampling decision is honoured. A nil h is treated as an
// empty header.
func NewSegmentFromHeader(ctx context.Context, name string, r *http.Request, h *header.Header) (context.Context, *Segment) {
	return newSegmentFromHeader(nil, nil, nil, ctx, name, r, h)
}

// newSegmentFromHeader is NewSegmentFromHeader with optional caller storage
// s for the segment (see beginSegment).
func newSegmentFromHeader(s *Segment, idBuf []byte, cfgBuf *Config, ctx context.Context, name string, r *http.Request, h *header.Header) (context.Context, *Segment) {
	c, s := beginSegment(s, idBuf, cfgBuf, ctx, name, r, h, h != nil && h.TraceID != "")
	if h != nil {
		if h.TraceID != "" {
			s.TraceID = h.TraceID
		}
		if h.ParentID != "" {
			s.ParentID = h.ParentID
		}
	}
	s.IncomingHeader = h
	s.RequestWasTraced = true
	return c, s
}

// sdkEntry is the aws.xray value of roots sampled without a centralized
// rule, boxed once: an interface holding a struct is never changed in
// place, so every root can share it.
var sdkEntry interface{} = SDK{Version: SDKVersion, Type: SDKType}

// rootAWS returns the aws block of a new sampled root: aws.xray (with the
// name of the centralized rule that sampled it, if any) and the data of
// the plugins that ran.
func rootAWS(pm *plugins.PluginMetadata, rule *string) map[string]interface{} {
	n := 1
	if pm.EC2Metadata != nil || pm.ECSMetadata != nil || pm.BeanstalkMetadata != nil {
		n = 4
	}
	aws := make(map[string]interface{}, n)
	if rule != nil {
		aws["xray"] = SDK{Version: SDKVersion, Type: SDKType, RuleName: *rule}
	} else {
		aws["xray"] = sdkEntry
	}
	if pm.EC2Metadata != nil {
		aws["ec2"] = pm.EC2Metadata
	}
	if pm.ECSMetadata != nil {
		aws["ecs"] = pm.ECSMetadata
	}
	if pm.BeanstalkMetadata != nil {
		aws["elastic_beanstalk"] = pm.BeanstalkMetadata
	}
	return aws
}

// AddRuleName records the centralized sampling rule that decided d in the
// aws.xray block.
func (s *Segment) AddRuleName(d *sampling.Decision) {
	if d == nil || d.Rule == nil {
		return
	}
	aws := s.GetAWS()
	sdk := SDK{Version: SDKVersion, Type: SDKType}
	if cur, ok := aws["xray"].(SDK); ok {
		sdk = cur
	}
	sdk.RuleName = *d.Rule
	aws["xray"] = sdk
}

func truncateName(name string) string {
	if len(name) > maxNameBytes {
		return name[:maxNameBytes]
	}
	return name
}

// epochSeconds is t as fractional seconds since the Unix epoch.
func epochSeconds(t time.Time) float64 {
	return float64(t.UnixNano()) / 1e9
}
