package exception

// Exception is one entry of a cause block's "exceptions" array. It is plain
// data: the segment encoder writes the fields in this order, each one left out
// when it has its zero value, under the keys of the json tags.
type Exception struct {
	// ID is 16 lowercase hex digits, unique per recorded error.
	ID string `json:"id,omitempty"`
	// Type is the Go type of the error without '*', or the Type of an
	// *XRayError found in the error's chain.
	Type string `json:"type,omitempty"`
	// Message is the text of the error.
	Message string `json:"message,omitempty"`
	// Stack lists the frames, innermost first.
	Stack []Stack `json:"stack,omitempty"`
	// Remote is true when the error is a failed AWS request that the service
	// answered (it carries a request id).
	Remote bool `json:"remote,omitempty"`
}

// Stack is one stack frame of an Exception.
type Stack struct {
	// Path is the import path of the frame's package followed by the file name,
	// including the module version for files in the module cache.
	Path string `json:"path,omitempty"`
	// Line is the line number within Path.
	Line int `json:"line,omitempty"`
	// Label is the function name without its package path, such as
	// "(*Cart).Load" or "handler.func1".
	Label string `json:"label,omitempty"`
}
