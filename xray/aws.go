//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; this file instruments it.

package xray

import (
	"github.com/aws/aws-sdk-go/aws/client"
	"github.com/aws/aws-sdk-go/aws/request"
	"github.com/aws/aws-sdk-go/aws/session"

	"github.com/aws/aws-xray-sdk-go/internal/awswhitelist"
	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// AWS traces every request of the AWS SDK for Go (v1) client c. Each call
// becomes a subsegment named after the service (e.g. "dynamodb"), in
// namespace "aws", of the segment in the request's context (use the
// ...WithContext methods), with "marshal", "attempt" (one per try, with the
// HTTP connect/request/response timings under it), "wait" (before a retry)
// and "unmarshal" subsegments. Its aws block records the operation, region,
// request id, retries, the S3 extended request id and the request and
// response fields the default whitelist names. Every attempt carries the
// X-Amzn-Trace-Id header (and a traceparent header when
// W3CTraceContextEnabled).
//
// Calls made without a segment (presigning, endpoint discovery, s3manager
// helpers given no context) go through untraced after the context-missing
// strategy was told once. A nil c panics. Calling AWS twice on one client
// traces every call twice.
func AWS(c *client.Client) {
	if c == nil {
		panic("Please initialize the provided AWS client before passing to the AWS() method.")
	}
	installAWSHandlers(&c.Handlers, awswhitelist.Default())
}

// AWSWithWhitelist is AWS with the whitelist read from filename (see the
// SDK's resources/AWSWhitelist.json for the format). A file that cannot be
// read or is not a JSON object is logged and the default whitelist used
// (the original SDK panics on malformed JSON). A nil c panics.
func AWSWithWhitelist(c *client.Client, filename string) {
	if c == nil {
		panic("Please initialize the provided AWS client before passing to the AWSWithWhitelist() method.")
	}
	installAWSHandlers(&c.Handlers, loadWhitelist(filename))
}

// AWSSession adds the handlers of AWS to s, so that every client created
// from s afterwards is traced, and returns s. A nil s is logged and
// returned.
func AWSSession(s *session.Session) *session.Session {
	if s == nil {
		logger.Errorf("xray: AWSSession: the session is nil; nothing is traced")
		return nil
	}
	installAWSHandlers(&s.Handlers, awswhitelist.Default())
	return s
}

// AWSSessionWithWhitelist is AWSSession with the whitelist read from
// filename, as in AWSWithWhitelist.
func AWSSessionWithWhitelist(s *session.Session, filename string) *session.Session {
	wl := loadWhitelist(filename)
	if s == nil {
		logger.Errorf("xray: AWSSessionWithWhitelist: the session is nil; nothing is traced")
		return nil
	}
	installAWSHandlers(&s.Handlers, wl)
	return s
}

// loadWhitelist loads a custom whitelist. A file that is not valid JSON is
// logged like an unreadable one and the default whitelist is used: a bad
// configuration file never takes the program down.
func loadWhitelist(filename string) *awswhitelist.Whitelist {
	wl, err := awswhitelist.Load(filename)
	if err != nil {
		awswhitelist.LogReadError(err)
		return awswhitelist.Default()
	}
	return wl
}

// Names of the request handlers, as the original SDK names them (users may
// remove or reorder them by name).
const (
	awsBeforeValidateName  = "XRayBeforeValidateHandler"
	awsAfterBuildName      = "XRayAfterBuildHandler"
	awsBeforeSignName      = "XRayBeforeSignHandler"
	awsAfterSendName       = "XRayAfterSendHandler"
	awsBeforeUnmarshalName = "XRayBeforeUnmarshalHandler"
	awsAfterUnmarshalName  = "XRayAfterUnmarshalHandler"
	awsBeforeRetryName     = "XRayBeforeRetryHandler"
	awsAfterRetryName      = "XRayAfterRetryHandler"
	awsCompleteName        = "XRayCompleteHandler"
)

// installAWSHandlers adds the tracing handlers to h.
func installAWSHandlers(h *request.Handlers, wl *awswhitelist.Whitelist) {
	h.Validate.PushFrontNamed(request.NamedHandler{Name: awsBeforeValidateName, Fn: awsBeginOperation})
	h.Build.PushBackNamed(request.NamedHandler{Name: awsAfterBuildName, Fn: awsEndCurrent})
	h.Sign.PushFrontNamed(request.NamedHandler{Name: awsBeforeSignName, Fn: awsBeginAttempt})
	h.Send.PushBackNamed(request.NamedHandler{Name: awsAfterSendName, Fn: awsAfterSend})
	h.Unmarshal.PushFrontNamed(request.NamedHandler{Name: awsBeforeUnmarshalName, Fn: awsBeginUnmarshal})
	h.Unmarshal.PushBackNamed(request.NamedHandler{Name: awsAfterUnmarshalName, Fn: awsEndCurrent})
	h.Retry.PushFrontNamed(request.NamedHandler{Name: awsBeforeRetryName, Fn: awsBeginWait})
	h.AfterRetry.PushBackNamed(request.NamedHandler{Name: awsAfterRetryName, Fn: awsEndCurrent})
	h.Complete.PushFrontNamed(request.NamedHandler{Name: awsCompleteName, Fn: func(r *request.Request) {
		awsCompleteOperation(r, wl)
	}})
}
