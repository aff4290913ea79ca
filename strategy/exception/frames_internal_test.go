package exception

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestFramePathAndLabel(t *testing.T) {
	for _, tc := range []struct {
		function, file string
		path, label    string
	}{
		// the examples of the spec
		{"github.com/acme/shop/cart.(*Cart).Load", "/home/u/go/pkg/mod/github.com/acme/shop@v1.2.0/cart/load.go",
			"github.com/acme/shop@v1.2.0/cart/load.go", "(*Cart).Load"},
		{"main.main", "/src/app/main.go", "app/main.go", "main"},
		{"runtime.goexit", "/usr/local/go/src/runtime/asm_amd64.s", "runtime/asm_amd64.s", "goexit"},
		{"main.handler.func1", "/src/app/main.go", "app/main.go", "handler.func1"},
		{"github.com/aws/aws-xray-sdk-go/xray.Capture",
			"/root/go/pkg/mod/github.com/aws/aws-xray-sdk-go@v1.8.5/xray/capture.go",
			"github.com/aws/aws-xray-sdk-go@v1.8.5/xray/capture.go", "Capture"},
		// fewer separators than wanted: the whole file
		{"github.com/acme/shop/cart.Load", "cart/load.go", "cart/load.go", "Load"},
		{"main.main", "main.go", "main.go", "main"},
		// a -trimpath build
		{"example.com/shop/handlers.GetCart", "example.com/shop/handlers/cart.go", "example.com/shop/handlers/cart.go", "GetCart"},
		// generic functions and methods
		{"example.com/p.Map[...]", "/x/example.com/p/map.go", "example.com/p/map.go", "Map[...]"},
		{"example.com/p.(*List[...]).Push", "/x/example.com/p/list.go", "example.com/p/list.go", "(*List[...]).Push"},
		// the runtime escapes dots in the last import path element
		{"gopkg.in/yaml%2ev3.Unmarshal", "/m/gopkg.in/yaml.v3@v3.0.1/yaml.go", "gopkg.in/yaml.v3@v3.0.1/yaml.go", "Unmarshal"},
		// a frame the runtime could not name
		{"", "", "", ""},
		{"nodot", "/a/b/c.go", "b/c.go", "nodot"},
	} {
		if got := framePath(tc.function, tc.file); got != tc.path {
			t.Errorf("framePath(%q, %q) = %q, want %q", tc.function, tc.file, got, tc.path)
		}
		if got := frameLabel(tc.function); got != tc.label {
			t.Errorf("frameLabel(%q) = %q, want %q", tc.function, got, tc.label)
		}
	}
}

// typeName must equal the spec's definition: %T without any '*'.
func TestTypeName(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, "<nil>"},
		{&XRayError{}, "exception.XRayError"},
		{MultiError{}, "exception.MultiError"},
		{genericErr[*int]{}, "exception.genericErr[int]"},
		{&genericErr[map[string]**XRayError]{}, ""},
	} {
		def := strings.ReplaceAll(fmt.Sprintf("%T", tc.err), "*", "")
		if got := typeName(tc.err); got != def || tc.want != "" && got != tc.want {
			t.Errorf("typeName(%T) = %q, want %q", tc.err, got, def)
		}
	}
}

// genericErr has a type name with '*' inside.
type genericErr[T any] struct{}

func (genericErr[T]) Error() string { return "generic" }

func TestExceptionIDFormat(t *testing.T) {
	seen := make(map[string]bool)
	// several batches, so refills are covered
	for range 3 * idBatch {
		id := newExceptionID()
		if len(id) != 16 || strings.Trim(id, "0123456789abcdef") != "" {
			t.Fatalf("id %q is not 16 lowercase hex digits", id)
		}
		if seen[id] {
			t.Fatalf("id %q repeated", id)
		}
		seen[id] = true
	}
}

// FuzzFramePath checks the shortening rules on arbitrary names: never a
// panic, the path is a suffix of the file holding the wanted number of
// separators, the label a suffix of the function name without '/'.
func FuzzFramePath(f *testing.F) {
	f.Add("github.com/acme/shop/cart.(*Cart).Load", "/home/u/go/pkg/mod/github.com/acme/shop@v1.2.0/cart/load.go")
	f.Add("main.main", "/src/app/main.go")
	f.Add("runtime.goexit", "/usr/local/go/src/runtime/asm_amd64.s")
	f.Add("", "")
	f.Add("a/b/c", "/")
	f.Add("////", "x")
	f.Fuzz(func(t *testing.T, function, file string) {
		path := framePath(function, file)
		if !strings.HasSuffix(file, path) {
			t.Fatalf("framePath(%q, %q) = %q is not a suffix of the file", function, file, path)
		}
		k := strings.Count(function, "/") + 2
		if path != file && strings.Count(path, "/") != k-1 {
			t.Fatalf("framePath(%q, %q) = %q keeps %d parts, want %d", function, file, path, strings.Count(path, "/")+1, k)
		}
		if path == file && strings.Count(file, "/") >= k {
			t.Fatalf("framePath(%q, %q) kept the whole file", function, file)
		}
		label := frameLabel(function)
		if !strings.HasSuffix(function, label) || strings.Contains(label, "/") {
			t.Fatalf("frameLabel(%q) = %q", function, label)
		}
	})
}

func TestConvertStackCache(t *testing.T) {
	pcs := deepPCs(12)
	want := symbolize(pcs)
	first := convertStack(slices.Clone(pcs)) // may fill the cache
	second := convertStack(pcs)              // served from it
	if !reflect.DeepEqual(first, want) || !reflect.DeepEqual(second, want) {
		t.Fatalf("cached conversion differs:\n%+v\n%+v\n%+v", want, first, second)
	}
	// Results are copies: changing one changes neither the cache nor others.
	second[0].Label = "changed"
	if third := convertStack(pcs); !reflect.DeepEqual(third, want) {
		t.Fatalf("cache was modified through a result: %+v", third[0])
	}
	// The cache compares the counters, not just the hash.
	other := deepPCs(13)
	h := hashPCs(other)
	frameCache[h&(frameCacheSlots-1)].Store(&frameCacheEntry{hash: h, pcs: pcs, frames: []Stack{{Label: "wrong"}}})
	if got := convertStack(other); !reflect.DeepEqual(got, symbolize(other)) {
		t.Fatalf("colliding entry served: %+v", got)
	}
	// Deep stacks are converted but not kept.
	deep := deepPCs(frameCacheMaxPCs + 10)
	if len(deep) <= frameCacheMaxPCs {
		t.Fatalf("deepPCs gave only %d counters", len(deep))
	}
	if got := convertStack(deep); !reflect.DeepEqual(got, symbolize(deep)) {
		t.Fatal("deep stack converted wrongly")
	}
	if e := frameCache[hashPCs(deep)&(frameCacheSlots-1)].Load(); e != nil && slices.Equal(e.pcs, deep) {
		t.Fatal("deep stack was cached")
	}
}

func TestConvertStackSkipsUnknownCounters(t *testing.T) {
	pcs := deepPCs(3)
	mixed := append([]uintptr{1}, pcs...)
	mixed = append(mixed, 2, 3)
	if got, want := convertStack(mixed), symbolize(pcs); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := convertStack([]uintptr{1, 2}); !reflect.DeepEqual(got, []Stack{{}}) {
		t.Errorf("unknown counters only: %+v, want [{}]", got)
	}
	if got := convertStack(nil); !reflect.DeepEqual(got, []Stack{{}}) {
		t.Errorf("no counters: %+v, want [{}]", got)
	}
}
