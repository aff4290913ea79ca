// Package xray records what a Go program does as AWS X-Ray segments and
// subsegments and sends them to the X-Ray daemon over UDP.
//
// A request begins a segment with BeginSegment (or one of the HTTP, gRPC and
// fasthttp integrations), work inside it begins subsegments with
// BeginSubsegment or Capture, and closing the segment sends the whole tree as
// one or more JSON documents. Configuration is process-wide (Configure) with
// per-context overrides (ContextWithConfig).
//
// Concurrency: every exported function and method may be called from any
// goroutine, with one rule: do not call into this package while holding a
// segment's lock (Segment.Lock), because several functions take the locks of
// the segment and its parent themselves.
package xray
