// Package w3c converts between the W3C Trace Context traceparent header
// (https://www.w3.org/TR/trace-context/) and the X-Ray trace and entity ids.
//
// A traceparent value is "<version>-<trace id>-<parent id>-<trace flags>":
// two, 32, 16 and two lower-case hex digits. The 32-digit trace id maps to
// the X-Ray trace id "1-<first 8 digits>-<remaining 24 digits>" and back,
// digit for digit: the conversion is lossless both ways and does not check
// that the first 8 digits are a plausible Unix time (X-Ray reads them as
// the trace's start time; a trace id from another tracer keeps whatever
// they are). The parent id is an X-Ray entity id as it is. Bit 0 of the
// trace flags is the sampling decision.
//
// The package has no dependencies on the rest of the SDK and never panics.
package w3c

// Sizes of a version 00 traceparent and of its fields.
const (
	// Len is the length of a version 00 traceparent value.
	Len = 55
	// TraceIDLen is the length of the X-Ray form of a trace id
	// ("1-" + 8 + "-" + 24 hex digits).
	TraceIDLen = 35
	// SpanIDLen is the length of a parent (span, entity) id.
	SpanIDLen = 16
)

// Field offsets in a traceparent value.
const (
	traceIDAt = 3  // 32 hex digits
	parentAt  = 36 // 16 hex digits
	flagsAt   = 53 // 2 hex digits
)

// Parse reads a traceparent value. It returns the trace id in X-Ray form,
// the parent id (a substring of tp) and the sampled flag, with ok set, when
// tp is valid; otherwise zero values and ok false.
//
// Valid means: a version of two lower-case hex digits other than "ff"; a
// 32-digit trace id and a 16-digit parent id that are lower-case hex and
// not all zeros; two lower-case hex digits of flags; the dashes in their
// places. Version 00 is exactly 55 characters long. A later version may be
// longer when a dash follows the flags (the fields it adds are ignored), as
// the specification asks of parsers that meet a version they do not know.
//
// Parse allocates once, for the trace id, when tp is valid, and not at all
// otherwise.
func Parse(tp string) (traceID, parentID string, sampled, ok bool) {
	if !valid(tp) {
		return "", "", false, false
	}
	var b [TraceIDLen]byte
	b[0], b[1], b[10] = '1', '-', '-'
	copy(b[2:10], tp[traceIDAt:traceIDAt+8])
	copy(b[11:], tp[traceIDAt+8:traceIDAt+32])
	return string(b[:]), tp[parentAt : parentAt+SpanIDLen], unhex(tp[flagsAt+1])&1 == 1, true
}

// Valid reports whether Parse accepts tp. It does not allocate.
func Valid(tp string) bool { return valid(tp) }

func valid(tp string) bool {
	if len(tp) < Len {
		return false
	}
	if !isHex(tp[0:2]) || tp[0:2] == "ff" {
		return false
	}
	if len(tp) > Len && (tp[0:2] == "00" || tp[Len] != '-') {
		return false
	}
	if tp[2] != '-' || tp[parentAt-1] != '-' || tp[flagsAt-1] != '-' {
		return false
	}
	return isHexID(tp[traceIDAt:traceIDAt+32]) && isHexID(tp[parentAt:parentAt+SpanIDLen]) &&
		isHex(tp[flagsAt:flagsAt+2])
}

// Format returns the version 00 traceparent of an X-Ray trace id and
// entity id: "00-<trace id without the "1-" and the dash>-<span id>-01"
// when sampled, "-00" at the end when not. ok is false, and the value "",
// when traceID is not "1-" + 8 + "-" + 24 lower-case hex digits, when
// spanID is not 16 lower-case hex digits, or when either is all zeros
// (W3C forbids all-zero ids; X-Ray uses them for unsampled entities). It
// allocates once when ok.
func Format(traceID, spanID string, sampled bool) (traceparent string, ok bool) {
	var b [Len]byte
	if _, ok := appendFormat(b[:0], traceID, spanID, sampled); !ok {
		return "", false
	}
	return string(b[:]), true
}

// AppendFormat appends what Format returns to dst. When the ids cannot be
// converted it returns dst unchanged and false.
func AppendFormat(dst []byte, traceID, spanID string, sampled bool) ([]byte, bool) {
	return appendFormat(dst, traceID, spanID, sampled)
}

func appendFormat(dst []byte, traceID, spanID string, sampled bool) ([]byte, bool) {
	if !ValidTraceID(traceID) || !ValidSpanID(spanID) {
		return dst, false
	}
	dst = append(dst, "00-"...)
	dst = append(dst, traceID[2:10]...)
	dst = append(dst, traceID[11:]...)
	dst = append(dst, '-')
	dst = append(dst, spanID...)
	if sampled {
		return append(dst, "-01"...), true
	}
	return append(dst, "-00"...), true
}

// ValidTraceID reports whether an X-Ray trace id can be sent as a W3C trace
// id: "1-", 8 lower-case hex digits, "-", 24 lower-case hex digits, not all
// zeros.
func ValidTraceID(traceID string) bool {
	if len(traceID) != TraceIDLen || traceID[0] != '1' || traceID[1] != '-' || traceID[10] != '-' {
		return false
	}
	if !isHex(traceID[2:10]) || !isHex(traceID[11:]) {
		return false
	}
	return !allZero(traceID[2:10]) || !allZero(traceID[11:])
}

// ValidSpanID reports whether an entity id can be sent as a W3C parent id:
// 16 lower-case hex digits, not all zeros.
func ValidSpanID(spanID string) bool {
	return len(spanID) == SpanIDLen && isHexID(spanID)
}

// isHexID reports whether s is lower-case hex and not all zeros.
func isHexID(s string) bool {
	return isHex(s) && !allZero(s)
}

// isHex reports whether s is made of lower-case hex digits only.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func allZero(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' {
			return false
		}
	}
	return true
}

// unhex is the value of a lower-case hex digit.
func unhex(c byte) byte {
	if c >= 'a' {
		return c - 'a' + 10
	}
	return c - '0'
}
