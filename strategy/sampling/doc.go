// Package sampling decides which requests are traced.
//
// Two strategies implement [Strategy]:
//
//   - [LocalizedStrategy] samples from a rule file (the embedded default rules,
//     a file on disk or JSON bytes): each rule keeps a per-second reservoir of
//     fixed_target samples and samples the rest with probability rate.
//   - [CentralizedStrategy] samples from rules and reservoir quotas fetched
//     from the AWS X-Ray service through the daemon's sampling proxy, and
//     falls back to local rules until the first fetch succeeds and whenever
//     the fetched rules are older than an hour.
//
// Both are safe for use by any number of goroutines; a decision takes no
// exclusive lock and allocates nothing.
//
// The *Decision values the strategies return are shared, preallocated values
// (one per rule and outcome). Callers must treat them as read-only.
package sampling
