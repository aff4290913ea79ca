package exception_test

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

// The wire shape of segment-document.md §4.6: keys in this order, each one
// omitted when empty.
func TestExceptionJSONShape(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{exception.Exception{ID: "0123456789abcdef", Type: "errors.errorString", Message: "m",
			Stack: []exception.Stack{{Path: "app/main.go", Line: 7, Label: "main"}}, Remote: true},
			`{"id":"0123456789abcdef","type":"errors.errorString","message":"m","stack":[{"path":"app/main.go","line":7,"label":"main"}],"remote":true}`},
		{exception.Exception{}, `{}`},
		{exception.Exception{ID: "x", Stack: []exception.Stack{{}}}, `{"id":"x","stack":[{}]}`},
		{exception.Stack{Line: 3}, `{"line":3}`},
	} {
		raw, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		if string(raw) != tc.want {
			t.Errorf("got  %s\nwant %s", raw, tc.want)
		}
		// and back
		var back exception.Exception
		if ex, ok := tc.v.(exception.Exception); ok {
			if err := json.Unmarshal(raw, &back); err != nil {
				t.Fatal(err)
			}
			again, _ := json.Marshal(back)
			if string(again) != tc.want {
				t.Errorf("round trip of %+v gave %s", ex, again)
			}
		}
	}
}
