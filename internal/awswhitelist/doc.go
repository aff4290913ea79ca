// Package awswhitelist decides which fields of an AWS SDK call's input and
// output are recorded in the aws block of its subsegment, and reads them.
//
// A whitelist is a JSON document of the shape
//
//	{"services": {<service>: {"operations": {<operation>: {...}}}}}
//
// whose operation objects may hold "request_parameters" and
// "response_parameters" (arrays of Go field names, recorded as they are) and
// "request_descriptors" and "response_descriptors" (objects from a Go field
// name to a descriptor: the keys of a map, the length of a list, or the
// value itself, optionally stored under "rename_to"). Every key recorded is
// converted to snake case by ConvertKey.
//
// The package knows neither AWS SDK: it reads the SDKs' input and output
// structs through reflection, so that the v1 request handlers (package xray)
// and the v2 middleware (instrumentation/awsv2) share one implementation.
// Unset fields (nil pointers, maps, slices and interfaces, zero non-pointer
// scalars) are left out rather than recorded as null.
package awswhitelist
