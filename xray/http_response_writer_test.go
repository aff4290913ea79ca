package xray

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// fullWriter implements every optional interface and records which method
// was called.
type fullWriter struct {
	header http.Header
	calls  []string
	status int
}

func (f *fullWriter) Header() http.Header {
	if f.header == nil {
		f.header = http.Header{}
	}
	return f.header
}
func (f *fullWriter) Write(b []byte) (int, error) {
	f.calls = append(f.calls, "Write")
	return len(b), nil
}
func (f *fullWriter) WriteHeader(code int) { f.calls = append(f.calls, "WriteHeader"); f.status = code }
func (f *fullWriter) CloseNotify() <-chan bool {
	f.calls = append(f.calls, "CloseNotify")
	return make(chan bool)
}
func (f *fullWriter) Flush() { f.calls = append(f.calls, "Flush") }
func (f *fullWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	f.calls = append(f.calls, "Hijack")
	return nil, nil, nil
}
func (f *fullWriter) Push(target string, opts *http.PushOptions) error {
	f.calls = append(f.calls, "Push "+target)
	return nil
}
func (f *fullWriter) ReadFrom(src io.Reader) (int64, error) {
	f.calls = append(f.calls, "ReadFrom")
	return io.Copy(io.Discard, src)
}

// maskOf returns the set of optional interfaces w implements, in the bit
// order of wrapResponseWriterAs.
func maskOf(w http.ResponseWriter) uint {
	var m uint
	//lint:ignore SA1019 the test checks the deprecated interface is kept
	if _, ok := w.(http.CloseNotifier); ok {
		m |= 1
	}
	if _, ok := w.(http.Flusher); ok {
		m |= 2
	}
	if _, ok := w.(http.Hijacker); ok {
		m |= 4
	}
	if _, ok := w.(http.Pusher); ok {
		m |= 8
	}
	if _, ok := w.(io.ReaderFrom); ok {
		m |= 16
	}
	return m
}

// TestHandlerResponseWriterCombinations checks all 32 combinations: a
// writer with exactly a given set of optional interfaces (built with the
// generated type for that set) is wrapped into a value with exactly the
// same set, whose methods reach the original writer.
func TestHandlerResponseWriterCombinations(t *testing.T) {
	for mask := uint(0); mask < 32; mask++ {
		full := &fullWriter{}
		inner, _ := wrapResponseWriterAs(full, mask)
		if got := maskOf(inner); got != mask {
			t.Fatalf("generated type for %05b implements %05b", mask, got)
		}
		outer, rw := wrapResponseWriter(inner)
		if got := maskOf(outer); got != mask {
			t.Errorf("wrapping a writer with %05b gives %05b", mask, got)
		}
		if u, ok := outer.(interface{ Unwrap() http.ResponseWriter }); !ok || u.Unwrap() != inner {
			t.Errorf("%05b: Unwrap does not return the wrapped writer", mask)
		}

		outer.Header().Set("K", "v")
		outer.WriteHeader(418)
		_, _ = outer.Write([]byte("x"))
		//lint:ignore SA1019 the test checks the deprecated interface is kept
		if cn, ok := outer.(http.CloseNotifier); ok {
			cn.CloseNotify()
		}
		if f, ok := outer.(http.Flusher); ok {
			f.Flush()
		}
		if h, ok := outer.(http.Hijacker); ok {
			_, _, _ = h.Hijack()
		}
		if p, ok := outer.(http.Pusher); ok {
			_ = p.Push("/style.css", nil)
		}
		if rf, ok := outer.(io.ReaderFrom); ok {
			_, _ = rf.ReadFrom(strings.NewReader("body"))
		}
		want := []string{"WriteHeader", "Write"}
		for i, name := range []string{"CloseNotify", "Flush", "Hijack", "Push /style.css", "ReadFrom"} {
			if mask&(1<<i) != 0 {
				want = append(want, name)
			}
		}
		if strings.Join(full.calls, ",") != strings.Join(want, ",") {
			t.Errorf("%05b: original writer got %v, want %v", mask, full.calls, want)
		}
		if full.header.Get("K") != "v" || full.status != 418 || rw.status != 418 {
			t.Errorf("%05b: header/status not forwarded (%v, %d, recorded %d)", mask, full.header, full.status, rw.status)
		}
	}
}

func TestHandlerResponseWriterStatus(t *testing.T) {
	w, rw := wrapResponseWriter(&fullWriter{})
	if rw.status != http.StatusOK || rw.wroteHeader {
		t.Fatalf("initial status %d, wrote %v", rw.status, rw.wroteHeader)
	}
	_, _ = w.Write([]byte("x"))
	if rw.status != http.StatusOK || !rw.wroteHeader {
		t.Errorf("after Write: %d %v", rw.status, rw.wroteHeader)
	}
	w.WriteHeader(500)
	w.WriteHeader(503)
	if rw.status != 503 {
		t.Errorf("last WriteHeader should win: %d", rw.status)
	}
}

func TestHandlerResponseWriterAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	full := &fullWriter{}
	if n := testing.AllocsPerRun(100, func() { _, _ = wrapResponseWriter(full) }); n != 1 {
		t.Errorf("wrapping allocates %v times, want 1", n)
	}
}
