package xray

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

//go:generate go run ../internal/gen/responsewriter -o http_response_writer_gen.go

// responseWriter is the recording part of the writer handed to a traced
// handler: it remembers the status passed to WriteHeader (the last call
// wins; 200 until then) and forwards everything to the original writer.
//
// The value the handler receives is one of the generated types of
// http_response_writer_gen.go, which hold a *responseWriter and add exactly
// the optional interfaces (http.CloseNotifier, http.Flusher, http.Hijacker,
// http.Pusher, io.ReaderFrom) of the original writer; as picks it (without
// allocating: the types are pointer-shaped). Unwrap gives
// http.ResponseController access to the original writer (deadlines, full
// duplex).
//
// A responseWriter belongs to one request and is used by the handler's
// goroutine(s) under net/http's own rules; its fields are read once the
// handler has returned.
type responseWriter struct {
	w           http.ResponseWriter
	status      int
	wroteHeader bool

	// Per-request storage of the traced request, allocated with the
	// responseWriter (by Handler, together with the segment): the
	// segment's http blocks and the value slice of the response's
	// X-Amzn-Trace-Id header.
	blocks      inboundBlocks
	traceHeader [1]string
}

// wrapResponseWriter returns w wrapped in the generated type that
// implements exactly the optional interfaces w implements, and the
// wrapper's recording part. One allocation.
func wrapResponseWriter(w http.ResponseWriter) (http.ResponseWriter, *responseWriter) {
	return wrapResponseWriterAs(w, writerMask(w))
}

// wrapResponseWriterAs wraps w in the generated type for mask (see as),
// a set of optional interfaces that w must implement. One allocation.
func wrapResponseWriterAs(w http.ResponseWriter, mask uint) (http.ResponseWriter, *responseWriter) {
	rw := &responseWriter{w: w, status: http.StatusOK}
	return rw.as(mask), rw
}

// Header returns the original writer's header map.
func (rw *responseWriter) Header() http.Header {
	return rw.w.Header()
}

// Write writes to the original writer.
func (rw *responseWriter) Write(b []byte) (int, error) {
	rw.wroteHeader = true
	return rw.w.Write(b)
}

// WriteHeader records code and forwards it.
func (rw *responseWriter) WriteHeader(code int) {
	rw.status = code
	rw.wroteHeader = true
	rw.w.WriteHeader(code)
}

// Unwrap returns the original writer, for http.ResponseController.
func (rw *responseWriter) Unwrap() http.ResponseWriter {
	return rw.w
}

// The helpers below back the generated optional methods; each generated
// type only exposes those its original writer has, so the assertions hold.

func (rw *responseWriter) closeNotify() <-chan bool {
	//lint:ignore SA1019 the wrapper must keep the deprecated interface of the writer it wraps
	return rw.w.(http.CloseNotifier).CloseNotify()
}

func (rw *responseWriter) flush() {
	rw.wroteHeader = true
	rw.w.(http.Flusher).Flush()
}

func (rw *responseWriter) hijack() (net.Conn, *bufio.ReadWriter, error) {
	return rw.w.(http.Hijacker).Hijack()
}

func (rw *responseWriter) push(target string, opts *http.PushOptions) error {
	return rw.w.(http.Pusher).Push(target, opts)
}

func (rw *responseWriter) readFrom(src io.Reader) (int64, error) {
	rw.wroteHeader = true
	return rw.w.(io.ReaderFrom).ReadFrom(src)
}
