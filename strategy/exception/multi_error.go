package exception

import (
	"strconv"
	"strings"
)

// MultiError collects several errors into one, for example every problem a
// configuration call found.
type MultiError []error

// Error lists the errors as "<n> errors occurred:\n" followed by one
// "* <error>\n" line per error. A nil entry is listed as "<nil>".
func (m MultiError) Error() string {
	var b strings.Builder
	b.Grow(24 + 40*len(m)) // a guess that saves the usual regrowth
	b.WriteString(strconv.Itoa(len(m)))
	b.WriteString(" errors occurred:\n")
	for _, err := range m {
		b.WriteString("* ")
		b.WriteString(errorText(err))
		b.WriteByte('\n')
	}
	return b.String()
}
