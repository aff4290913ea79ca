package xray

import (
	"github.com/aws/aws-xray-sdk-go/internal/inbound"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// grpcClassify maps the outcome err of a gRPC call to flags:
//
//	not a gRPC status                     fault
//	Canceled, InvalidArgument, NotFound,
//	AlreadyExists, PermissionDenied,
//	Unauthenticated, FailedPrecondition,
//	Aborted, OutOfRange                   error
//	Unknown, DeadlineExceeded,
//	Unimplemented, Internal, Unavailable,
//	DataLoss                              fault
//	ResourceExhausted                     throttle
//	OK (nil)                              none
func grpcClassify(err error) inbound.Flags {
	if err == nil {
		return inbound.Flags{}
	}
	// status.Code says Unknown for errors that are not a gRPC status,
	// which is a fault like the Unknown code itself.
	switch status.Code(err) {
	case codes.OK:
		return inbound.Flags{}
	case codes.Canceled, codes.InvalidArgument, codes.NotFound, codes.AlreadyExists,
		codes.PermissionDenied, codes.Unauthenticated, codes.FailedPrecondition,
		codes.Aborted, codes.OutOfRange:
		return inbound.Flags{Error: true}
	case codes.ResourceExhausted:
		return inbound.Flags{Throttle: true}
	default: // Unknown, DeadlineExceeded, Unimplemented, Internal, Unavailable, DataLoss
		return inbound.Flags{Fault: true}
	}
}
