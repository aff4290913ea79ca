// Package xray records what a Go program does as AWS X-Ray segments and
// subsegments and sends them to the X-Ray daemon over UDP.
//
// A request begins a segment with BeginSegment (or one of the HTTP, gRPC and
// fasthttp integrations), work inside it begins subsegments with
// BeginSubsegment or Capture, and closing the segment sends the whole tree as
// one or more JSON documents. Configuration is process-wide (Configure) with
// per-context overrides (ContextWithConfig).
//
// # Delivery
//
// Closing a sampled segment sends it at once, with every subsegment begun
// under it: finished ones complete, open ones marked "in_progress". A
// subsegment that finishes after its segment was sent is sent on its own as
// a "subsegment" document. Every entity reaches the daemon once in its
// closed state; closing twice does nothing. No goroutine is started per
// segment. Large trees are split into several documents (more than 20 live
// subsegments, or more than one 65,507-byte datagram's worth); a single
// entity too large for a datagram has its longest strings truncated.
//
// # Configuration
//
// The process-wide configuration is built on first use, not at import:
// importing the package does no I/O (except creating the Lambda marker file
// when LAMBDA_TASK_ROOT is set). An invalid AWS_XRAY_DAEMON_ADDRESS or
// AWS_XRAY_CONTEXT_MISSING is logged and the default used. Every root
// segment gets its own copy of the configuration in effect when it begins
// (Segment.Configuration): a later Configure does not change it, and
// changing it changes that segment only.
//
// # Concurrency
//
// Every exported function and method may be called from any goroutine, with
// one rule: do not call into this package while holding a segment's lock
// (Segment.Lock), because several functions take the locks of the segment
// and its parent themselves.
package xray
