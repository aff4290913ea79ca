// Package inbound holds the server-library-independent part of tracing an
// incoming request: a small description of the request, and the rules that
// turn it into the fields of a segment (client address, URL), into the
// X-Amzn-Trace-Id response header, and a response status into the error,
// throttle and fault flags.
//
// It cannot import package xray (xray imports it). The xray package drives
// these helpers from one place (xray/inbound.go) for the net/http, fasthttp
// and gRPC server integrations.
package inbound
