package exception

import (
	"reflect"
	"strings"
)

// typeName is the exception type of err: its dynamic type as fmt's %T prints
// it, with every '*' removed ("*url.Error" becomes "url.Error"); "<nil>" for
// a nil error. The usual pointer type costs no allocation.
func typeName(err error) string {
	if err == nil {
		return "<nil>"
	}
	name := strings.TrimLeft(reflect.TypeOf(err).String(), "*")
	if strings.IndexByte(name, '*') >= 0 {
		name = strings.ReplaceAll(name, "*", "")
	}
	return name
}
