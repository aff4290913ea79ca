package exception

import (
	"runtime"
	"strings"
)

// convertStack turns return program counters into exception frames, inlined
// calls included as frames of their own. Counters that name no function are
// skipped. The result is the caller's to keep.
//
// An empty list, or one of unknown counters only, yields one all-empty frame,
// which encodes as "stack":[{}]. That is what upstream emits; keeping it keeps
// documents identical.
func convertStack(pcs []uintptr) []Stack {
	if len(pcs) == 0 {
		return []Stack{{}}
	}
	frames, h := cachedFrames(pcs)
	if frames == nil {
		frames = symbolize(pcs)
		storeFrames(h, pcs, frames)
	}
	return frames
}

// symbolize converts pcs with runtime.CallersFrames.
func symbolize(pcs []uintptr) []Stack {
	out := make([]Stack, 0, len(pcs))
	frames := runtime.CallersFrames(pcs)
	for {
		fr, more := frames.Next()
		out = append(out, Stack{
			Path:  framePath(fr.Function, fr.File),
			Line:  fr.Line,
			Label: frameLabel(fr.Function),
		})
		if !more {
			return out
		}
	}
}

// framePath shortens a frame's file to its import path plus file name: with k
// the number of '/' in the function name plus 2, it keeps the last k
// slash-separated parts of file, or all of file when it has fewer. For a
// file in the module cache the result includes the module version.
func framePath(function, file string) string {
	k := strings.Count(function, "/") + 2
	for i := len(file) - 1; i >= 0; i-- {
		if file[i] == '/' {
			k--
			if k == 0 {
				return file[i+1:]
			}
		}
	}
	return file
}

// frameLabel strips the package path from a function name: it keeps what
// follows the last '/', then what follows the first '.' of that.
// "github.com/acme/shop/cart.(*Cart).Load" becomes "(*Cart).Load" and
// "main.main" becomes "main".
func frameLabel(function string) string {
	if i := strings.LastIndexByte(function, '/'); i >= 0 {
		function = function[i+1:]
	}
	if i := strings.IndexByte(function, '.'); i >= 0 {
		function = function[i+1:]
	}
	return function
}
