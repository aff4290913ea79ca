package xray

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// BeginFacadeSegment begins a facade: a stand-in for a segment that someone
// else sends (the Lambda service). With h, the facade takes h's trace id,
// parent id (as its own id) and sampling decision; its direct subsegments
// are sent as standalone subsegment documents and the facade itself never
// is. With a nil h it is a plain sampled root. Intended for the SDK's Lambda
// support.
func BeginFacadeSegment(ctx context.Context, name string, h *header.Header) (context.Context, *Segment) {
	s := newFacade(ctx, name, h)
	return withSegment(ctx, s), s
}

func newFacade(ctx context.Context, name string, h *header.Header) *Segment {
	now := nowUnixNano()
	a := new(facadeAlloc)
	s := &a.seg
	s.ParentSegment = s
	a.cfg = *configFor(ctx)
	s.Configuration = &a.cfg
	s.Name = truncateName(name)
	s.StartTime = float64(now) / 1e9
	s.InProgress = true
	if h != nil {
		s.Facade = true
		s.ID = h.ParentID
		s.TraceID = h.TraceID
		s.Sampled = h.SamplingDecision == header.Sampled
	} else {
		s.Sampled = true
		s.TraceID, s.ID = newRootIDs(nil, now/1e9)
	}
	return s
}

// lambdaMarkerDir is where the Lambda marker file goes (a variable so tests
// can point it elsewhere).
var lambdaMarkerDir = SDKInitializedFileFolder

func init() {
	touchLambdaMarker()
}

// touchLambdaMarker creates (or touches) the file that tells the Lambda
// environment the SDK is present, when running in Lambda.
func touchLambdaMarker() {
	if os.Getenv(LambdaTaskRootKey) == "" {
		return
	}
	if err := os.MkdirAll(lambdaMarkerDir, 0o777); err != nil {
		logger.Debugf("xray: cannot create %s: %v", lambdaMarkerDir, err)
		return
	}
	path := filepath.Join(lambdaMarkerDir, SDKInitializedFileName)
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		logger.Debugf("xray: cannot create %s: %v", path, err)
		return
	}
	_ = f.Close()
	now := time.Now()
	if err := os.Chtimes(path, now, now); err != nil {
		logger.Debugf("xray: cannot touch %s: %v", path, err)
	}
}

// facadeAlloc is a facade with its own copy of the configuration, in one
// allocation.
type facadeAlloc struct {
	seg Segment
	cfg Config
}
