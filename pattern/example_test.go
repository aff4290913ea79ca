package pattern_test

import (
	"fmt"

	"github.com/aws/aws-xray-sdk-go/pattern"
)

func ExampleWildcardMatch() {
	fmt.Println(pattern.WildcardMatch("/api/*", "/api/v1/items", false))
	fmt.Println(pattern.WildcardMatch("GET", "get", false))
	fmt.Println(pattern.WildcardMatch("item-?", "item-7", false))
	// Output:
	// true
	// false
	// true
}

func ExampleWildcardMatchCaseInsensitive() {
	fmt.Println(pattern.WildcardMatchCaseInsensitive("*.Example.com", "WWW.EXAMPLE.COM"))
	// Output:
	// true
}
