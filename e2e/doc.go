// Package e2e proves that the documents the SDK sends are accepted by a real
// X-Ray receiver: the awsxray receiver of the OpenTelemetry Collector
// (contrib), built with the Collector Builder by collector/build.sh.
//
// The package holds tests only. Each scenario test starts the collector on
// 127.0.0.1 with the awsxray receiver (UDP segments, TCP sampling proxy in
// local mode pointed at a fake X-Ray API served by the test) and a file
// exporter writing OTLP JSON, drives one integration of the SDK, and checks
// that every document was accepted (no warning or error in the collector's
// log) and became the expected spans: names, parent/child links, kinds,
// status, attributes and converted trace ids.
//
// The load test (load_test.go) pushes segments through the default emitter
// to a UDP listener in a helper process and reports throughput,
// allocations, goroutines and heap before and after.
//
// Run everything with `make e2e` from the repository root. Inside e2e/,
// `go test ./...` runs the scenarios when the collector binary is cached
// (else they are skipped with instructions) and a short load test;
// `go test -run Load -load.full` (or XRAY_E2E_LOAD_FULL=1) runs the full load.
//
// This is its own Go module so that the collector, gRPC and SQLite test
// dependencies never reach the go.mod of the SDK's users.
package e2e
