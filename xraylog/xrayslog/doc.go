// Package xrayslog connects the X-Ray SDK with log/slog, in both
// directions:
//
//   - NewLogger adapts a *slog.Logger to xraylog.Logger, so that the SDK's
//     own log lines go through the application's slog handler:
//     xray.SetLogger(xrayslog.NewLogger(slog.Default())).
//   - NewHandler wraps a slog.Handler so that every record logged with a
//     context holding a segment carries the attribute
//     AWS-XRAY-TRACE-ID = "<trace id>@<entity id>", the key and format the
//     X-Ray SDK for Java writes for log correlation. Records without a
//     segment in their context pass through untouched and cost no extra
//     allocation.
//
// The package is separate from package xray so that programs that do not
// use log/slog handlers do not link them in.
package xrayslog
