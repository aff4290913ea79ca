package exception

import (
	"fmt"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// errorText returns err.Error() without letting a broken Error method take
// the caller down. A nil error reads "<nil>"; when Error panics the text is
// what fmt prints for the error ("<nil>" for a nil pointer receiver,
// "%!v(PANIC=Error method: ...)" otherwise) and the panic is logged.
func errorText(err error) (text string) {
	if err == nil {
		return "<nil>"
	}
	defer func() {
		if r := recover(); r != nil {
			text = fmt.Sprint(err)
			logger.Warnf("xray: Error method of %T panicked: %v", err, r)
		}
	}()
	return err.Error()
}
