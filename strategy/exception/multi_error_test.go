package exception_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

func TestMultiErrorText(t *testing.T) {
	for _, tc := range []struct {
		m    exception.MultiError
		want string
	}{
		{nil, "0 errors occurred:\n"},
		{exception.MultiError{}, "0 errors occurred:\n"},
		{exception.MultiError{errors.New("bad port")}, "1 errors occurred:\n* bad port\n"},
		{exception.MultiError{errors.New("a"), errors.New("b\nc")}, "2 errors occurred:\n* a\n* b\nc\n"},
		{exception.MultiError{nil, errors.New("x")}, "2 errors occurred:\n* <nil>\n* x\n"},
	} {
		if got := tc.m.Error(); got != tc.want {
			t.Errorf("%#v.Error() = %q, want %q", tc.m, got, tc.want)
		}
	}
	var err error = exception.MultiError{errors.New("a")}
	if err.Error() != "1 errors occurred:\n* a\n" {
		t.Error("MultiError does not work through the error interface")
	}
}
