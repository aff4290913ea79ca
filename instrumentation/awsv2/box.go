package awsv2

import "sync"

// boxedStrings holds interface values of the strings recorded on every
// call (regions, operation names), so that storing them in an aws block
// does not allocate each time. It is bounded: past maxBoxed distinct
// strings, new ones are boxed per call.
var boxedStrings struct {
	sync.RWMutex
	m map[string]interface{}
}

const maxBoxed = 1024

// boxString returns s as an interface value, reusing an earlier boxing of
// an equal string.
func boxString(s string) interface{} {
	boxedStrings.RLock()
	v, ok := boxedStrings.m[s]
	boxedStrings.RUnlock()
	if ok {
		return v
	}
	v = s
	boxedStrings.Lock()
	if boxedStrings.m == nil {
		boxedStrings.m = make(map[string]interface{})
	}
	if len(boxedStrings.m) < maxBoxed {
		boxedStrings.m[s] = v
	}
	boxedStrings.Unlock()
	return v
}
