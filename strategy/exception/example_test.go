package exception_test

import (
	"errors"
	"fmt"

	"github.com/aws/aws-xray-sdk-go/strategy/exception"
)

func loadCart(f exception.FormattingStrategy) error {
	return f.Errorf("cart %d not found", 42)
}

// An error made by the formatter remembers where it was created; the
// exception recorded for it carries that stack.
func ExampleDefaultFormattingStrategy_ExceptionFromError() {
	f, _ := exception.NewDefaultFormattingStrategy()
	err := fmt.Errorf("checkout: %w", loadCart(f))

	ex := f.ExceptionFromError(err)
	fmt.Println(ex.Type)
	fmt.Println(ex.Message)
	fmt.Println(ex.Stack[0].Label)
	fmt.Println(len(ex.ID))
	// Output:
	// error
	// checkout: cart 42 not found
	// loadCart
	// 16
}

// Set the Type of an XRayError to choose the exception type recorded for it.
func ExampleXRayError() {
	f, _ := exception.NewDefaultFormattingStrategy()
	err := &exception.XRayError{Type: "PaymentDeclined", Message: "card expired"}
	ex := f.ExceptionFromError(err)
	fmt.Println(ex.Type, "-", ex.Message)
	// Output: PaymentDeclined - card expired
}

// Panic called from a deferred recover records the stack of the function
// that panicked.
func ExampleDefaultFormattingStrategy_Panicf() {
	f, _ := exception.NewDefaultFormattingStrategy()
	explode := func() { panic("boom") }
	run := func() (xe *exception.XRayError) {
		defer func() {
			if p := recover(); p != nil {
				xe = f.Panicf("%v", p)
			}
		}()
		explode()
		return nil
	}
	xe := run()
	fmt.Println(xe.Type, xe.Message)
	// Output: panic boom
}

func ExampleNewDefaultFormattingStrategyWithDefinedErrorFrameCount() {
	_, err := exception.NewDefaultFormattingStrategyWithDefinedErrorFrameCount(64)
	fmt.Println(err)
	f, _ := exception.NewDefaultFormattingStrategyWithDefinedErrorFrameCount(8)
	fmt.Println(f.FrameCount)
	// Output:
	// frameCount must be a non-negative integer and less than 32
	// 8
}

func ExampleMultiError() {
	err := exception.MultiError{errors.New("bad daemon address"), errors.New("bad sampling rules")}
	fmt.Print(err.Error())
	// Output:
	// 2 errors occurred:
	// * bad daemon address
	// * bad sampling rules
}
