package xray

import "strconv"

// Hot-path DEBUG messages as small values (logger.DebugMsg): they hold
// copies of what they print, so a logger may format them later on any
// goroutine, and cost one allocation when the logger cannot say that it
// drops DEBUG (no Enabled method).

// beginMsg is "Beginning segment named <name> (sampled: <sampled>)", or
// for a subsegment "Beginning subsegment named <name>".
type beginMsg struct {
	name    string
	sampled bool
	sub     bool
}

func (m beginMsg) String() string {
	if m.sub {
		return "Beginning subsegment named " + m.name
	}
	return "Beginning segment named " + m.name + " (sampled: " + strconv.FormatBool(m.sampled) + ")"
}

// documentMsg is a document as sent: a copy, since the datagram's buffer is
// reused once Emit returns.
type documentMsg string

func (m documentMsg) String() string { return string(m) }

// closeMsg is "Closing <segment|subsegment> named <name>", or with again
// set "xray: <segment|subsegment> is already closed; ignoring the second
// Close".
type closeMsg struct {
	name  string
	sub   bool
	again bool
}

func (m closeMsg) String() string {
	what := "segment"
	if m.sub {
		what = "subsegment"
	}
	if m.again {
		return "xray: " + what + " is already closed; ignoring the second Close"
	}
	return "Closing " + what + " named " + m.name
}
